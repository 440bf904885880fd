import type { App, ViewSubmitAction } from '@slack/bolt';
import type { CaseAction } from '../../domain/actions.js';
import { Refusal } from '../../domain/refusal.js';
import { parseNewCase, type NewCaseInput } from '../../domain/new-case.js';
import { messages } from '../../i18n/messages.js';
import { refusalText, type SlackDeps } from '../deps.js';
import { FIELD_BLOCKS, FieldErrors, reader, referenceOfMetadata, type FormReader, type ViewArgs } from '../forms.js';
import { BLOCKS, CALLBACKS } from '../ids.js';
import { explainRefusal } from './explain-refusal.js';

/**
 * Registers a modal submission: input problems and refusals about a field are answered in the modal,
 * field by field; other refusals replace the modal with the reason. The work is short (one
 * transaction), so it is done before the acknowledgement that carries those errors.
 */
export function submissionHandler(app: App, deps: SlackDeps) {
  const m = () => messages(deps.locale);
  const notSaved = (err: unknown, callbackId: string): string => {
    deps.logger.error({ err: err instanceof Error ? err.message : String(err), callbackId }, 'form submission failed: nothing was changed');
    return m().errors.notSaved;
  };
  /** `action`: the case action the form performs, so that a refusal can say what would work instead. */
  return (callbackId: string, run: (args: ViewArgs, r: FormReader, reference: string) => Promise<void>, action?: CaseAction) => {
    app.view<ViewSubmitAction>(callbackId, async (args) => {
      const { ack, view } = args;
      const r = reader(view);
      const reference = referenceOfMetadata(view.private_metadata);
      try {
        await run(args, r, reference);
        await ack();
      } catch (err) {
        if (err instanceof FieldErrors) return ack({ response_action: 'errors', errors: err.errors });
        // Not a refusal: the change failed to be written. It was one transaction, so none of it stays.
        const text = err instanceof Refusal ? null : notSaved(err, callbackId);
        const field = err instanceof Refusal ? err.details.field : undefined;
        const block = field ? (FIELD_BLOCKS[field] ?? (field.startsWith('documents') ? BLOCKS.receivedAt : undefined)) : undefined;
        if (block && r.has(block)) return ack({ response_action: 'errors', errors: { [block]: refusalText(deps, err) } });
        await ack({
          response_action: 'update',
          view: {
            type: 'modal',
            title: view.title,
            close: { type: 'plain_text', text: m().modals.close },
            blocks: [
              {
                type: 'section',
                text: { type: 'mrkdwn', text: text ?? (action ? await explainRefusal(deps, err, action, reference, args.body.user.id) : refusalText(deps, err)) },
              },
            ],
          },
        });
      }
    });
  };
}

/**
 * The new-case modal's answers in the API's shape, parsed by the same domain validation as the API
 * body; its problems are shown in the modal, each under its own field (the first one per field).
 */
export function newCaseInput(deps: SlackDeps, r: FormReader): NewCaseInput {
  const parsed = parseNewCase(
    {
      applicant: {
        type: r.selected(BLOCKS.applicantType),
        name: r.text(BLOCKS.applicantName),
        email: r.text(BLOCKS.applicantEmail) || null,
        language: r.selected(BLOCKS.applicantLanguage),
      },
      patient: { name: r.text(BLOCKS.patientName), birthDate: r.date(BLOCKS.birthDate), taxCode: r.text(BLOCKS.taxCode) || null },
      pathologyArea: r.selected(BLOCKS.area),
      language: r.selected(BLOCKS.language),
      notes: r.text(BLOCKS.notes) || null,
      imageReview: r.checked(BLOCKS.imageReview).includes('yes'),
      deliveryChannel: r.selected(BLOCKS.deliveryChannel),
    },
    deps.cases.newCaseRules(),
  );
  if (parsed.ok) return parsed.input;
  const errors: Record<string, string> = {};
  for (const issue of parsed.issues) {
    // Every path of the modal's shape has a block; anything else would be a bug, shown on the name.
    const block = FIELD_BLOCKS[issue.path] ?? BLOCKS.patientName;
    errors[block] ??= messages(deps.locale).fieldProblem(issue.problem);
  }
  throw new FieldErrors(errors);
}

/** The new-case form (App Home, `/so new`, the message shortcut); the case actions' forms are in `slack/actions/`. */
export function registerViews(app: App, deps: SlackDeps): void {
  const handle = submissionHandler(app, deps);
  const createCase = async ({ body }: ViewArgs, r: FormReader) => {
    await deps.cases.create(newCaseInput(deps, r), await deps.staff.actor(body.user.id));
  };
  handle(CALLBACKS.newCase, createCase);
  handle(CALLBACKS.createFromMessage, createCase);
}

import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { CaseAction } from '../../domain/actions.js';
import type { CaseCommand } from '../../domain/commands.js';
import { Refusal, type RefusalReason } from '../../domain/refusal.js';
import { isChecklistItem, isRejectionReason } from '../../domain/checklist.js';
import { parseNewCase, type FieldIssue } from '../../domain/new-case.js';
import { messages } from '../../i18n/messages.js';
import { refusalMessage } from '../../i18n/format.js';
import { refusalText, type SlackDeps } from '../deps.js';
import { BLOCKS, CALLBACKS, inputAction } from '../ids.js';
import { explainRefusal } from './explain-refusal.js';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadata = z.object({
  reference: z.string(),
  expectedCents: z.number().optional(),
  channel: z.string().optional(),
  consult: z.number().int().positive().optional(),
  absent: z.string().regex(/^[UW][A-Z0-9]+$/).optional(),
});

/** The absent doctor a "Reassign all" modal is about (its private metadata), or null. */
export function absentOfMetadata(raw: string | undefined): string | null {
  try {
    const parsed = metadata.safeParse(raw ? JSON.parse(raw) : null);
    return parsed.success ? (parsed.data.absent ?? null) : null;
  } catch {
    return null;
  }
}

/** The consult a consult's modal is about (its private metadata), or null. */
export function consultOfMetadata(raw: string | undefined): number | null {
  try {
    const parsed = metadata.safeParse(raw ? JSON.parse(raw) : null);
    return parsed.success ? (parsed.data.consult ?? null) : null;
  } catch {
    return null;
  }
}

const elementState = z.looseObject({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).optional(),
  selected_date: z.string().nullish(),
  selected_date_time: z.number().nullish(),
  selected_user: z.string().nullish(),
});
/** `view.state.values` as Slack sends it; anything else reads as an empty form (answered field by field). */
const stateValues = z.record(z.string(), z.record(z.string(), elementState)).catch({});

function parseMetadata(raw: string | undefined): string {
  try {
    const parsed = metadata.safeParse(raw ? JSON.parse(raw) : null);
    return parsed.success ? parsed.data.reference : '';
  } catch {
    return '';
  }
}

/** Where a refusal about a field is shown: the input block that holds it. */
const FIELD_BLOCKS: Record<string, string> = {
  reason: BLOCKS.reason,
  amount: BLOCKS.amount,
  value_date: BLOCKS.valueDate,
  bank_reference: BLOCKS.bankReference,
  question: BLOCKS.question,
  received_at: BLOCKS.receivedAt,
  assignee: BLOCKS.doctor,
  'applicant.type': BLOCKS.applicantType,
  'applicant.name': BLOCKS.applicantName,
  'applicant.email': BLOCKS.applicantEmail,
  'applicant.language': BLOCKS.applicantLanguage,
  'patient.name': BLOCKS.patientName,
  'patient.birthDate': BLOCKS.birthDate,
  'patient.taxCode': BLOCKS.taxCode,
  pathologyArea: BLOCKS.area,
  area: BLOCKS.consultArea,
  due_at: BLOCKS.consultDueAt,
  consultant: BLOCKS.doctor,
  language: BLOCKS.language,
  notes: BLOCKS.notes,
  imageReview: BLOCKS.imageReview,
  deliveryChannel: BLOCKS.deliveryChannel,
  from: BLOCKS.absenceFrom,
  to: BLOCKS.absenceTo,
  cover: BLOCKS.cover,
  delivered_at: BLOCKS.deliveredAt,
  courier_tracking: BLOCKS.courierTracking,
};

export class FieldErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('field errors');
  }
}

/** The blocks of the submitted modal, by id: where its fields are, whatever Slack sent of their values. */
const viewBlocks = z.array(z.looseObject({ block_id: z.string().optional() })).catch([]);

function reader(view: ViewSubmitAction['view']) {
  const values = stateValues.parse(view.state?.values);
  const shown = new Set(viewBlocks.parse(view.blocks).flatMap((b) => (b.block_id ? [b.block_id] : [])));
  const get = (block: string): z.infer<typeof elementState> => values[block]?.[inputAction(block)] ?? {};
  return {
    /** Whether the modal has this field (an error can be shown under it). */
    has: (block: string) => shown.has(block) || block in values,
    text: (block: string) => get(block).value?.trim() ?? '',
    selected: (block: string) => get(block).selected_option?.value ?? null,
    checked: (block: string) => (get(block).selected_options ?? []).map((o) => o.value),
    date: (block: string) => get(block).selected_date ?? null,
    user: (block: string) => get(block).selected_user ?? null,
    dateTimeMs: (block: string) => {
      const s = get(block).selected_date_time;
      return typeof s === 'number' ? s * 1000 : null;
    },
  };
}

/**
 * Euro cents from an amount as people type it: "668", "668.00", "668,00", "€ 668", "668 €", "EUR 668",
 * "1.068,00" or "1,068.00". A separator followed by exactly three digits groups thousands.
 */
export function parseEuroCents(text: string): number | null {
  const bare = text.trim().replace(/^(?:€|eur)\s*/i, '').replace(/\s*(?:€|eur)$/i, '').replace(/\s+/g, '');
  const m = /^(\d{1,3}(?:([.,'])\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(bare);
  if (!m || (m[2] && m[3] && m[2] === m[3])) return null;
  const euros = Number(m[1]!.replace(/[.,']/g, ''));
  if (!Number.isSafeInteger(euros) || euros > 9_999_999) return null;
  return euros * 100 + Number((m[4] ?? '0').padEnd(2, '0'));
}

/** The reader of a submitted modal's fields. */
export type FormReader = ReturnType<typeof reader>;

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
      const reference = parseMetadata(view.private_metadata);
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

export function registerViews(app: App, deps: SlackDeps): void {
  const m = () => messages(deps.locale);
  const refused = (reason: RefusalReason) => refusalMessage(reason, deps.locale, deps.areaLabels);
  const handle = submissionHandler(app, deps);

  const run = async (userId: string, reference: string, command: CaseCommand) =>
    deps.cases.execute(reference, command, await deps.staff.actor(userId));

  /** The domain's problems shown in the modal, each under its own field (the first one per field). */
  const fieldErrors = (issues: readonly FieldIssue[]): FieldErrors => {
    const errors: Record<string, string> = {};
    for (const issue of issues) {
      // Every path of the modal's shape has a block; anything else would be a bug, shown on the name.
      const block = FIELD_BLOCKS[issue.path] ?? BLOCKS.patientName;
      errors[block] ??= m().fieldProblem(issue.problem);
    }
    return new FieldErrors(errors);
  };

  // The modal's answers in the API's shape, parsed by the same domain validation as the API body.
  const createCase = async ({ body }: ViewArgs, r: ReturnType<typeof reader>) => {
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
    if (!parsed.ok) throw fieldErrors(parsed.issues);
    await deps.cases.create(parsed.input, await deps.staff.actor(body.user.id));
  };
  handle(CALLBACKS.newCase, createCase);
  handle(CALLBACKS.createFromMessage, createCase);

  handle(CALLBACKS.documents, async ({ body }, r, reference) => {
    // Ticked as received, or received before and now given another arrival instant (a correction).
    const items = [...new Set([...r.checked(BLOCKS.receivedItems), ...r.checked(BLOCKS.correctItems)])].filter(isChecklistItem);
    // Several documents can be rejected at once, with one reason (an older single select is read too).
    const rejects = [...new Set([...r.checked(BLOCKS.rejectItem), ...[r.selected(BLOCKS.rejectItem) ?? []].flat()])].filter(isChecklistItem);
    const reason = r.selected(BLOCKS.rejectReason);
    if (items.length === 0 && rejects.length === 0) {
      // Under the first choice the form offers (what arrived, what to correct, what to reject), never under the instant.
      const under = [BLOCKS.receivedItems, BLOCKS.correctItems, BLOCKS.rejectItem].find((b) => r.has(b)) ?? BLOCKS.receivedAt;
      throw new FieldErrors({ [under]: m().modals.documents.nothing });
    }
    if (rejects.length > 0 && !isRejectionReason(reason)) throw new FieldErrors({ [BLOCKS.rejectReason]: m().modals.documents.reasonNeeded });
    const at = r.dateTimeMs(BLOCKS.receivedAt) ?? deps.clock.now();
    // One change: the receipts and every rejection are written together or not at all.
    const commands: CaseCommand[] = [
      ...(items.length > 0 ? [{ type: 'record_documents' as const, documents: items.map((item) => ({ item, receivedAtMs: at })) }] : []),
      ...(isRejectionReason(reason) ? rejects.map((item) => ({ type: 'reject_document' as const, item, reason })) : []),
    ];
    await deps.cases.executeAll(reference, commands, await deps.staff.actor(body.user.id));
  }, 'record_documents');

  handle(CALLBACKS.payment, async ({ body }, r, reference) => {
    const cents = parseEuroCents(r.text(BLOCKS.amount));
    if (cents === null) throw new FieldErrors({ [BLOCKS.amount]: m().modals.payment.badAmount });
    const valueDate = r.date(BLOCKS.valueDate);
    if (!valueDate) throw new FieldErrors({ [BLOCKS.valueDate]: refused({ key: 'invalid_value_date' }) });
    await run(body.user.id, reference, {
      type: 'confirm_payment',
      receivedCents: cents,
      valueDate,
      bankReference: r.text(BLOCKS.bankReference),
      reason: r.text(BLOCKS.reason) || null,
    });
  }, 'confirm_payment');

  handle(CALLBACKS.requestInfo, async ({ body }, r, reference) => {
    await run(body.user.id, reference, { type: 'request_info', question: r.text(BLOCKS.question), emailApplicant: r.checked(BLOCKS.emailApplicant).includes('yes') });
  }, 'request_info');

  handle(CALLBACKS.infoReceived, async ({ body }, r, reference) => {
    await run(body.user.id, reference, { type: 'info_received', receivedAtMs: r.dateTimeMs(BLOCKS.receivedAt) });
  }, 'info_received');

  handle(CALLBACKS.assign, async ({ body }, r, reference) => {
    const assignee = r.selected(BLOCKS.doctor);
    if (!assignee) throw new FieldErrors({ [BLOCKS.doctor]: refused({ key: 'not_a_doctor' }) });
    await run(body.user.id, reference, { type: 'assign', assignee, assigneeRoles: await deps.staff.roles(assignee) });
  }, 'assign');

  handle(CALLBACKS.deliver, async ({ body }, r, reference) => {
    await run(body.user.id, reference, {
      type: 'deliver',
      deliveredAtMs: r.dateTimeMs(BLOCKS.deliveredAt),
      courierTracking: r.text(BLOCKS.courierTracking) || null,
    });
  }, 'deliver');

  handle(CALLBACKS.release, async ({ body }, _r, reference) => {
    await run(body.user.id, reference, { type: 'release' });
  }, 'release');

  handle(CALLBACKS.cancel, async ({ body }, r, reference) => {
    await run(body.user.id, reference, { type: 'cancel', reason: r.text(BLOCKS.reason) });
  }, 'cancel');
}

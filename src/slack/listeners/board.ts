import type { App, BlockButtonAction } from '@slack/bolt';
import { authorise, Refusal } from '../../domain/commands.js';
import { messages } from '../../i18n/messages.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { BLOCKS, CALLBACKS, CONSULT_BUTTON_IDS, type ConsultAction } from '../ids.js';
import { answerConsultModal, assignConsultModal, withdrawConsultModal } from '../views/board.js';
import { consultOfMetadata, FieldErrors, submissionHandler } from './views.js';

/** A consult button carries `<reference>#<consult number>`. */
const consultButton = /^(SO-\d{4}-\d{4,})#(\d{1,6})$/;

/** The board's buttons (claim, assign, answer, withdraw a consult) and the Request consult modal and its kin. */
export function registerBoard(app: App, deps: SlackDeps): void {
  const m = () => messages(deps.locale);

  for (const [consultAction, actionId] of Object.entries(CONSULT_BUTTON_IDS) as [ConsultAction, string][]) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
      const parsed = consultButton.exec(action.value ?? '');
      if (!parsed) return;
      const reference = parsed[1]!;
      const consultId = Number(parsed[2]);
      try {
        const actor = await deps.staff.actor(body.user.id);
        if (consultAction === 'claim_consult') {
          const claimantAreas = await deps.staff.doctorAreas(body.user.id);
          await deps.cases.execute(reference, { type: 'claim_consult', consult: consultId, claimantAreas }, actor);
          return;
        }
        const view = await deps.cases.get(reference);
        const consult = view.state.consults.find((c) => c.id === consultId);
        if (!consult) throw new Refusal('invalid_input', { key: 'unknown_consult' });
        const ctx = renderContext(deps);
        // The action table judges before any form opens (the consultant holds an answer).
        authorise(actor, consultAction, view.state, consultAction === 'answer_consult' ? consult.assignee : undefined);
        const modal =
          consultAction === 'assign_consult'
            ? assignConsultModal(ctx, reference, consult, (await deps.queries.doctorsFor(consult.area)).filter((d) => d.areas.includes(consult.area)))
            : consultAction === 'answer_consult'
              ? answerConsultModal(ctx, reference, consult)
              : withdrawConsultModal(ctx, reference, consult);
        await deps.client.views.open({ trigger_id: body.trigger_id, view: modal });
      } catch (err) {
        await tell(refusalText(deps, err));
      }
    });
  }

  const handle = submissionHandler(app, deps);
  const actorOf = (userId: string) => deps.staff.actor(userId);
  const consultOf = (raw: string | undefined): number => {
    const consult = consultOfMetadata(raw);
    if (consult === null) throw new Refusal('invalid_input', { key: 'unknown_consult' });
    return consult;
  };

  handle(CALLBACKS.requestConsult, async ({ body }, r, reference) => {
    const area = r.selected(BLOCKS.consultArea);
    if (!area) throw new FieldErrors({ [BLOCKS.consultArea]: m().refusal({ key: 'unknown_staff_area', area: '', areas: deps.cases.board.specialistAreas }) });
    await deps.cases.execute(
      reference,
      { type: 'request_consult', area, question: r.text(BLOCKS.question), dueAtMs: r.dateTimeMs(BLOCKS.consultDueAt) },
      await actorOf(body.user.id),
    );
  });

  handle(CALLBACKS.assignConsult, async ({ body, view }, r, reference) => {
    const consultant = r.selected(BLOCKS.doctor);
    if (!consultant) throw new FieldErrors({ [BLOCKS.doctor]: m().refusal({ key: 'not_a_doctor' }) });
    await deps.cases.execute(
      reference,
      {
        type: 'assign_consult',
        consult: consultOf(view.private_metadata),
        consultant,
        consultantRoles: await deps.staff.roles(consultant),
        consultantAreas: await deps.staff.doctorAreas(consultant),
      },
      await actorOf(body.user.id),
    );
  });

  handle(CALLBACKS.answerConsult, async ({ body, view }, _r, reference) => {
    await deps.cases.execute(reference, { type: 'answer_consult', consult: consultOf(view.private_metadata) }, await actorOf(body.user.id));
  });

  handle(CALLBACKS.withdrawConsult, async ({ body, view }, r, reference) => {
    await deps.cases.execute(
      reference,
      { type: 'withdraw_consult', consult: consultOf(view.private_metadata), reason: r.text(BLOCKS.reason) },
      await actorOf(body.user.id),
    );
  });
}

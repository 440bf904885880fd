import type { App, BlockButtonAction, BlockOverflowAction } from '@slack/bolt';
import { DateTime } from 'luxon';
import { absenceSpan } from '../../domain/absence.js';
import { authorise } from '../../domain/actions.js';
import { Refusal, type RefusalReason } from '../../domain/refusal.js';
import { refusalMessage } from '../../i18n/format.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { BLOCKS, CALLBACKS, CONSULT_BUTTON_IDS, ELEMENTS, HOME_ACTIONS, parseOverflowValue, type ConsultAction } from '../ids.js';
import { answerConsultModal, assignConsultModal, withdrawConsultModal } from '../views/board.js';
import { absenceModal, reassignAllModal } from '../views/board-home.js';
import { absentOfMetadata, consultOfMetadata, FieldErrors, submissionHandler } from './views.js';

/** A consult button carries `<reference>#<consult number>`. */
const consultButton = /^(SO-\d{4}-\d{4,})#(\d{1,6})$/;

/** The board's buttons (claim, assign, answer, withdraw a consult) and the Request consult modal and its kin. */
export function registerBoard(app: App, deps: SlackDeps): void {
  const refused = (reason: RefusalReason) => refusalMessage(reason, deps.locale, deps.areaLabels);

  /** What a click on a consult's button (or its overflow menu) does: the claim at once, or its form. */
  const runConsultAction = async (consultAction: ConsultAction, value: string, userId: string, triggerId: string, tell: (text: string) => Promise<unknown>) => {
    const parsed = consultButton.exec(value);
    if (!parsed) return;
    const reference = parsed[1]!;
    const consultId = Number(parsed[2]);
    try {
      const actor = await deps.staff.actor(userId);
      if (consultAction === 'claim_consult') {
        const claimantAreas = await deps.staff.doctorAreas(userId);
        await deps.cases.execute(reference, { type: 'claim_consult', consult: consultId, claimantAreas }, actor);
        return;
      }
      const view = await deps.cases.get(reference);
      const consult = view.state.consults.find((c) => c.id === consultId);
      if (!consult) throw new Refusal('invalid_input', { key: 'unknown_consult' });
      const ctx = renderContext(deps);
      // The action table judges before any form opens (the consultant holds an answer).
      authorise(actor, consultAction, view.state, consultAction === 'answer_consult' ? consult.assignee : undefined);
      const question = async () => {
        const asked = (await deps.cases.history(reference)).find((e) => e.data.type === 'consult_requested' && e.data.consult === consultId);
        return asked?.data.type === 'consult_requested' ? asked.data.question : null;
      };
      const modal =
        consultAction === 'assign_consult'
          ? assignConsultModal(ctx, reference, consult, (await deps.queries.doctorsFor(consult.area)).filter((d) => d.areas.includes(consult.area)))
          : consultAction === 'answer_consult'
            ? answerConsultModal(ctx, reference, consult, await question())
            : withdrawConsultModal(ctx, reference, consult);
      await deps.client.views.open({ trigger_id: triggerId, view: modal });
    } catch (err) {
      await tell(refusalText(deps, err));
    }
  };
  const teller = (respond: (m: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>) => (text: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);

  for (const [consultAction, actionId] of Object.entries(CONSULT_BUTTON_IDS) as [ConsultAction, string][]) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      await runConsultAction(consultAction, action.value ?? '', body.user.id, body.trigger_id, teller(respond));
    });
  }

  // A consult's overflow menu (Withdraw): the option names the action and the consult.
  const consultActionOf = new Map(Object.entries(CONSULT_BUTTON_IDS).map(([action, id]) => [id as string, action as ConsultAction]));
  app.action<BlockOverflowAction>(ELEMENTS.consultMore, async ({ ack, body, action, respond }) => {
    await ack();
    const chosen = parseOverflowValue(action.selected_option?.value ?? '');
    const consultAction = chosen ? consultActionOf.get(chosen.actionId) : undefined;
    if (!chosen || !consultAction) return;
    await runConsultAction(consultAction, chosen.reference, body.user.id, body.trigger_id, teller(respond));
  });

  // App Home: record an absence, end it, and (coordinators) move an absent doctor's cases.
  app.action<BlockButtonAction>(HOME_ACTIONS.recordAbsence, async ({ ack, body, client }) => {
    await ack();
    const today = DateTime.fromMillis(deps.clock.now(), { zone: deps.calendar.timeZone }).toISODate()!;
    await client.views.open({ trigger_id: body.trigger_id, view: absenceModal(renderContext(deps), body.user.id, today) }).catch((err: unknown) => {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'absence modal not opened');
    });
  });

  app.action<BlockButtonAction>(HOME_ACTIONS.back, async ({ ack, body }) => {
    await ack();
    try {
      await deps.absences.back(await deps.staff.actor(body.user.id), body.user.id);
    } catch (err) {
      deps.logger.warn({ err: refusalText(deps, err) }, 'absence not ended');
    }
    await deps.home.publish(body.user.id);
  });

  app.action<BlockButtonAction>(HOME_ACTIONS.reassignAll, async ({ ack, body, action }) => {
    await ack();
    const absent = /^[UW][A-Z0-9]+$/.exec(action.value ?? '')?.[0];
    if (!absent) return;
    try {
      authorise(await deps.staff.actor(body.user.id), 'reassign_all');
      const cases = (await deps.board.openCasesHeldBy(absent)).length;
      const doctors = (await deps.queries.doctorsFor(null)).filter((d) => !d.away && d.userId !== absent);
      await deps.client.views.open({ trigger_id: body.trigger_id, view: reassignAllModal(renderContext(deps), absent, cases, doctors) });
    } catch (err) {
      deps.logger.warn({ err: refusalText(deps, err) }, 'reassign modal not opened');
    }
  });

  const handle = submissionHandler(app, deps);
  const actorOf = (userId: string) => deps.staff.actor(userId);

  handle(CALLBACKS.recordAbsence, async ({ body }, r) => {
    const who = r.user(BLOCKS.absentUser) ?? body.user.id;
    const span = absenceSpan(r.date(BLOCKS.absenceFrom) ?? '', r.date(BLOCKS.absenceTo) ?? '', deps.calendar.timeZone);
    if (!span) throw new FieldErrors({ [BLOCKS.absenceTo]: refused({ key: 'absence_range' }) });
    await deps.absences.record(await actorOf(body.user.id), { userId: who, ...span, cover: r.user(BLOCKS.cover) });
    void deps.home.publish(who);
    if (who !== body.user.id) void deps.home.publish(body.user.id);
  });

  handle(CALLBACKS.reassignAll, async ({ body, view }, r) => {
    const absent = absentOfMetadata(view.private_metadata);
    const to = r.selected(BLOCKS.doctor);
    if (!absent || !to) throw new FieldErrors({ [BLOCKS.doctor]: refused({ key: 'not_a_doctor' }) });
    await deps.reassignment.reassignAll(await actorOf(body.user.id), absent, to);
    void deps.home.publish(body.user.id);
  });
  const consultOf = (raw: string | undefined): number => {
    const consult = consultOfMetadata(raw);
    if (consult === null) throw new Refusal('invalid_input', { key: 'unknown_consult' });
    return consult;
  };

  handle(CALLBACKS.requestConsult, async ({ body }, r, reference) => {
    const area = r.selected(BLOCKS.consultArea);
    if (!area) throw new FieldErrors({ [BLOCKS.consultArea]: refused({ key: 'unknown_staff_area', area: '', areas: deps.cases.board.specialistAreas }) });
    await deps.cases.execute(
      reference,
      { type: 'request_consult', area, question: r.text(BLOCKS.question), dueAtMs: r.dateTimeMs(BLOCKS.consultDueAt) },
      await actorOf(body.user.id),
    );
  }, 'request_consult');

  handle(CALLBACKS.assignConsult, async ({ body, view }, r, reference) => {
    const consultant = r.selected(BLOCKS.doctor);
    if (!consultant) throw new FieldErrors({ [BLOCKS.doctor]: refused({ key: 'not_a_doctor' }) });
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

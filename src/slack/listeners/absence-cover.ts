import type { App, BlockButtonAction } from '@slack/bolt';
import { DateTime } from 'luxon';
import { absenceSpan } from '../../domain/absence.js';
import { authorise } from '../../domain/actions.js';
import type { RefusalReason } from '../../domain/refusal.js';
import { refusalMessage } from '../../i18n/format.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { absentOfMetadata, FieldErrors } from '../forms.js';
import { BLOCKS, CALLBACKS, HOME_ACTIONS } from '../ids.js';
import { absenceModal, reassignAllModal } from '../views/board-home.js';
import { submissionHandler } from './views.js';

/** App Home's absence cover: record an absence, end it, and (coordinators) move an absent doctor's cases. The consult actions are modules of `slack/actions/`. */
export function registerAbsenceCover(app: App, deps: SlackDeps): void {
  const refused = (reason: RefusalReason) => refusalMessage(reason, deps.locale, deps.areaLabels);

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
}

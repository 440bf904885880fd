import { NOTIFICATION_POLICY, type Audience, type CaseNotificationKind, type ReminderFacts } from '../domain/notification-policy.js';
import { recipientFor } from '../domain/absence.js';
import { absencesRepository } from '../db/repositories/absences.js';
import { staffRepository } from '../db/repositories/staff.js';
import type { Announcer } from '../services/notifications.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { chartFile, renderSlaTrendChart } from '../charts/sla-trend.js';
import { alertBlocks, type AlertAction } from './views/alert.js';
import { areaText } from './views/board.js';
import { digestCaseIds, digestMessage } from './views/digest.js';
import { caseRef, tools, withLinks, type RenderContext } from './views/render-context.js';
import { who } from './views/thread-line.js';

/** The button each alert carries for the action it asks for (the card's link is added to every alert). */
const ALERT_ACTIONS: Record<CaseNotificationKind, AlertAction[]> = {
  unclaimed: ['claim', 'assign'],
  unclaimed_escalation: ['assign'],
  due_soon: [],
  due_imminent: [],
  breached: [],
  awaiting_info: ['infoReceived'],
  intake_stale: ['documents'],
  payment_pending: ['payment'],
  consult_due_soon: [],
  consult_overdue: [],
};

/** The words of a reminder: workflow facts only (reference, instants, durations); `ref` links to the card. */
function reminderText(ref: string, f: ReminderFacts, ctx: RenderContext): string {
  const { m, at, dur } = tools(ctx);
  const n = m.notify;
  switch (f.kind) {
    case 'unclaimed':
      return n.unclaimed(ref, at(f.sinceMs));
    case 'unclaimed_escalation':
      return f.overdueMs === null || f.dueAtMs === null
        ? n.unclaimedEscalation(ref, at(f.sinceMs), f.dueAtMs === null ? '' : at(f.dueAtMs))
        : n.unclaimedEscalationOverdue(ref, at(f.sinceMs), at(f.dueAtMs), dur(f.overdueMs));
    case 'due_soon':
      return n.dueSoon(ref, at(f.dueAtMs), dur(f.remainingMs));
    case 'due_imminent':
      return n.dueImminent(ref, at(f.dueAtMs), dur(f.remainingMs));
    case 'breached':
      return n.breached(ref, at(f.dueAtMs), dur(f.overdueMs));
    case 'awaiting_info':
      return n.awaitingInfo(ref, at(f.sinceMs), who(f.askedBy, ctx), dur(f.waitedMs));
    case 'intake_stale':
      return n.intakeStale(ref, f.missing, dur(f.waitedMs));
    case 'payment_pending':
      return n.paymentPending(ref, at(f.transferReceivedAtMs), dur(f.waitedMs), f.reviewUnderWay);
    case 'consult_due_soon':
      return m.board.notify.dueSoon(ref, areaText(ctx, f.area), at(f.dueAtMs), dur(Math.max(0, f.remainingMs)));
    case 'consult_overdue':
      return m.board.notify.overdue(ref, areaText(ctx, f.area), at(f.dueAtMs), dur(Math.max(0, -f.remainingMs)));
  }
}

/** Notifications go to Slack through the outbox, in the transaction that marks them sent; the delivery loop picks them up. */
export function slackAnnouncer(deps: { ctx: () => RenderContext; managersChannel: string }): Announcer {
  return {
    async announce(trx, notification, view) {
      const outbox = outboxRepository(trx);
      const links = await outbox.permalinks([view.id]);
      const ctx = withLinks(deps.ctx(), links);
      const linked = reminderText(caseRef(ctx, view), notification.facts, ctx);
      // The notification text (push, screen readers) names the case without mrkdwn; the blocks link it.
      const plain = deps.ctx();
      const text = reminderText(caseRef(plain, view), notification.facts, plain).replace(/\*/g, '');
      const alert = (words: string) => alertBlocks(words, view.reference, ALERT_ACTIONS[notification.facts.kind], links.get(view.id) ?? null, ctx);
      const blocks = alert(linked);
      const f = notification.facts;
      const consultant = f.kind === 'consult_due_soon' || f.kind === 'consult_overdue' ? view.board.consults.find((c) => c.id === f.consult)?.assignee : null;
      const note = tools(ctx).m.board.notify;
      // A person away gets nothing: their cover does, or every coordinator when nobody covers.
      const away = await absencesRepository(trx).activeAt(ctx.nowMs);
      const dm = async (userId: string | null | undefined, dedupeKey: string): Promise<OutboxMessage[]> => {
        if (!userId) return [];
        const r = recipientFor(away, userId, ctx.nowMs);
        if (r.to === 'person') return [{ caseId: null, kind: 'dm', target: userId, payload: { text, blocks }, dedupeKey }];
        const absent = `<@${r.absent}>`;
        const payload = { text: note.cover(absent, text), blocks: alert(note.cover(absent, linked)) };
        const to = r.to === 'cover' ? [r.userId] : await staffRepository(trx).holdersOf('coordinator');
        return to.map((target) => ({ caseId: null, kind: 'dm' as const, target, payload, dedupeKey: `${dedupeKey}:${target}` }));
      };
      const toMessages = async (audience: Audience): Promise<OutboxMessage[]> => {
        const dedupeKey = `notification:${notification.id}:${audience}`;
        switch (audience) {
          case 'thread':
          case 'thread_broadcast':
            return [{ caseId: view.id, kind: 'thread', target: null, payload: { text, blocks, broadcast: audience === 'thread_broadcast' }, dedupeKey }];
          case 'lead_thread': {
            const lead = view.board.lead ? `<@${view.board.lead}>` : null;
            const payload = lead ? { text: note.forLead(lead, text), blocks: alert(note.forLead(lead, linked)) } : { text, blocks };
            return [{ caseId: view.id, kind: 'thread', target: null, payload, dedupeKey }];
          }
          case 'assignee_dm':
            return dm(view.state.assignee, dedupeKey);
          case 'consultant_dm':
            return dm(consultant, dedupeKey);
          case 'managers':
            return [{ caseId: null, kind: 'channel', target: deps.managersChannel, payload: { text, blocks }, dedupeKey }];
        }
      };
      const messages: OutboxMessage[] = [];
      for (const audience of NOTIFICATION_POLICY[f.kind].audiences) messages.push(...(await toMessages(audience)));
      await outbox.enqueue(messages, Date.now());
    },
    async announceDigest(trx, digestId, digest) {
      const outbox = outboxRepository(trx);
      const ctx = withLinks(deps.ctx(), await outbox.permalinks(digestCaseIds(digest)));
      const message = digestMessage(digest, ctx);
      const messages: OutboxMessage[] = [
        { caseId: null, kind: 'channel', target: deps.managersChannel, payload: { text: message.text, blocks: message.blocks }, dedupeKey: `digest:${digestId}` },
      ];
      if (digest.weekly) {
        const chart = await renderSlaTrendChart(digest.weekly, ctx.locale);
        messages.push({
          caseId: null,
          kind: 'channel',
          target: deps.managersChannel,
          payload: { text: chart.title, files: [chartFile(chart, digest.weekly.toDate)] },
          dedupeKey: `digest:${digestId}:chart`,
        });
      }
      await outbox.enqueue(messages, Date.now());
    },
  };
}

import { NOTIFICATION_POLICY, type Audience } from '../domain/notification-policy.js';
import { recipientFor } from '../domain/absence.js';
import { absencesRepository } from '../db/repositories/absences.js';
import { staffRepository } from '../db/repositories/staff.js';
import type { Announcer } from '../services/notifications.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { chartFile, renderSlaTrendChart } from '../charts/sla-trend.js';
import { alertMessage } from './views/alert.js';
import { cardLinks } from './card-links.js';
import { coordinatorMessages, type CoordinatorRouting } from './coordinators.js';
import { digestCaseIds, digestMessage } from './views/digest.js';
import { tools, withLinks, withNames, type RenderContext } from './views/render-context.js';

/**
 * Notifications go to Slack through the outbox, in the transaction that marks them sent; the delivery loop
 * picks them up. Every message about a case carries its id, whatever channel it goes to, so the delivery
 * sends a case's alerts to one channel or person in order (their stream, see `outboxStream`): a day's
 * breach alert never reaches the managers before the day before's.
 */
export function slackAnnouncer(deps: { ctx: () => RenderContext; managersChannel: string; routing: CoordinatorRouting }): Announcer {
  return {
    async announce(trx, notification, view) {
      const outbox = outboxRepository(trx);
      const ctx = withNames(withLinks(deps.ctx(), cardLinks([view.id], await outbox.permalinks([view.id]))), await staffRepository(trx).displayNames());
      const { text, linked, blocks, wrap: alert } = alertMessage(view, notification.facts, ctx);
      const f = notification.facts;
      const consultant = f.kind === 'consult_due_soon' || f.kind === 'consult_overdue' ? view.board.consults.find((c) => c.id === f.consult)?.assignee : null;
      const note = tools(ctx).m.board.notify;
      // A person away gets nothing: their cover does, or every coordinator when nobody covers.
      const away = await absencesRepository(trx).activeAt(ctx.nowMs);
      const dm = async (userId: string | null | undefined, dedupeKey: string): Promise<OutboxMessage[]> => {
        if (!userId) return [];
        // Someone whose doctor role was removed still holds the case until it is reassigned: the coordinators are told instead.
        if (!(await staffRepository(trx).rolesOf(userId)).some((s) => s.role === 'doctor')) {
          const gone = tools(ctx).m.staffGone.reminder(`<@${userId}>`, text);
          const payload = { text: gone, blocks: alert(tools(ctx).m.staffGone.reminder(`<@${userId}>`, linked)) };
          const to = await staffRepository(trx).holdersOf('coordinator');
          return to.map((target) => ({ caseId: view.id, kind: 'dm' as const, target, payload, dedupeKey: `${dedupeKey}:${target}` }));
        }
        const r = recipientFor(away, userId, ctx.nowMs);
        if (r.to === 'person') return [{ caseId: view.id, kind: 'dm', target: userId, payload: { text, blocks }, dedupeKey }];
        const absent = `<@${r.absent}>`;
        const payload = { text: note.cover(absent, text), blocks: alert(note.cover(absent, linked)) };
        const to = r.to === 'cover' ? [r.userId] : await staffRepository(trx).holdersOf('coordinator');
        return to.map((target) => ({ caseId: view.id, kind: 'dm' as const, target, payload, dedupeKey: `${dedupeKey}:${target}` }));
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
            return [{ caseId: view.id, kind: 'channel', target: deps.managersChannel, payload: { text, blocks }, dedupeKey }];
          case 'coordinators': {
            const asked = await coordinatorMessages(trx, { caseId: view.id, text, blocks, dedupeKey }, deps.routing, ctx.nowMs);
            // With a group the mention is the thread line; DMs leave a plain line in the thread as the history.
            const history: OutboxMessage[] = deps.routing.coordinatorsGroup
              ? []
              : [{ caseId: view.id, kind: 'thread', target: null, payload: { text: linked }, dedupeKey: `${dedupeKey}:thread` }];
            return [...asked, ...history];
          }
        }
      };
      // The card first (its stream is the thread's): time has changed what it says.
      const messages: OutboxMessage[] = [cardRefresh(view.id)];
      for (const audience of NOTIFICATION_POLICY[f.kind].audiences) messages.push(...(await toMessages(audience)));
      await outbox.enqueue(messages, Date.now());
    },
    async refreshCard(trx, view) {
      await outboxRepository(trx).enqueue([cardRefresh(view.id)], Date.now());
    },
    async announceDigest(trx, digestId, digest) {
      const outbox = outboxRepository(trx);
      const ids = digestCaseIds(digest);
      const ctx = withNames(withLinks(deps.ctx(), cardLinks(ids, await outbox.permalinks(ids))), await staffRepository(trx).displayNames());
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

/** A card refresh: the delivery renders the card from the case as committed when it sends it. */
const cardRefresh = (caseId: number): OutboxMessage => ({ caseId, kind: 'card', target: null, payload: { text: '' } });

import { NOTIFICATION_POLICY, type Audience } from '../domain/notification-policy.js';
import { recipientFor } from '../domain/absence.js';
import { absencesRepository } from '../db/repositories/absences.js';
import { staffRepository } from '../db/repositories/staff.js';
import type { Announcer } from '../services/notifications.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { chartFile, renderSlaTrendChart } from '../charts/sla-trend.js';
import { alertMessage, openCaseButton, type AlertReader } from './views/alert.js';
import { cardLinks } from './card-links.js';
import { coordinatorMessages, type CoordinatorRouting } from './coordinators.js';
import { digestCaseIds, digestMessage } from './views/digest.js';
import { caseRef, personName, tools, withLinks, withNames, type RenderContext } from './views/render-context.js';
import { section } from './views/blocks.js';
import { notificationsRepository } from '../db/repositories/notifications.js';
import type { CaseView } from '../services/cases.js';

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
      const f = notification.facts;
      const forReader = (reader: AlertReader) => alertMessage(view, f, ctx, reader);
      const consultant = f.kind === 'consult_due_soon' || f.kind === 'consult_overdue' ? view.board.consults.find((c) => c.id === f.consult)?.assignee : null;
      const note = tools(ctx).m.board.notify;
      // A person away gets nothing: their cover does, or the coordinators when nobody covers.
      const away = await absencesRepository(trx).activeAt(ctx.nowMs);
      const dm = async (userId: string | null | undefined, reader: 'holder' | 'consultant', dedupeKey: string): Promise<OutboxMessage[]> => {
        if (!userId) return [];
        const { text, linked, blocks, wrap } = forReader(reader);
        // Someone whose doctor role was removed still holds the case until it is reassigned: the coordinators are told instead.
        if (!(await staffRepository(trx).rolesOf(userId)).some((s) => s.role === 'doctor')) {
          const gone = tools(ctx).m.staffGone;
          const who = personName(ctx, userId);
          return coordinatorMessages(trx, { caseId: view.id, text: gone.reminder(who, text), blocks: wrap(gone.reminder(who, linked)), dedupeKey }, deps.routing, ctx.nowMs);
        }
        const r = recipientFor(away, userId, ctx.nowMs);
        if (r.to === 'person') {
          if (reader === 'holder' && GROUPED.has(f.kind)) return grouped(trx, { userId, target: userId, kind: f.kind, plannedAtMs: notification.plannedAtMs, view, ctx, text, blocks });
          return [{ caseId: view.id, kind: 'dm', target: userId, payload: { text, blocks }, dedupeKey }];
        }
        const absent = personName(ctx, r.absent);
        if (r.to === 'cover') {
          return [{ caseId: view.id, kind: 'dm', target: r.userId, payload: { text: note.cover(absent, text), blocks: wrap(note.cover(absent, linked)) }, dedupeKey: `${dedupeKey}:${r.userId}` }];
        }
        return coordinatorMessages(trx, { caseId: view.id, text: note.cover(absent, text), blocks: wrap(note.cover(absent, linked)), dedupeKey }, deps.routing, ctx.nowMs);
      };
      const toMessages = async (audience: Audience): Promise<OutboxMessage[]> => {
        const dedupeKey = `notification:${notification.id}:${audience}`;
        switch (audience) {
          case 'thread':
          case 'thread_broadcast': {
            const { text, blocks } = forReader('team');
            return [{ caseId: view.id, kind: 'thread', target: null, payload: { text, blocks, broadcast: audience === 'thread_broadcast' }, dedupeKey }];
          }
          case 'lead_thread': {
            const { text, linked, blocks, wrap } = forReader('team');
            const lead = view.board.lead ? `<@${view.board.lead}>` : null;
            const payload = lead ? { text: note.forLead(lead, text), blocks: wrap(note.forLead(lead, linked)) } : { text, blocks };
            return [{ caseId: view.id, kind: 'thread', target: null, payload, dedupeKey }];
          }
          case 'assignee_dm':
            return dm(view.state.assignee, 'holder', dedupeKey);
          case 'consultant_dm':
            return dm(consultant, 'consultant', dedupeKey);
          case 'managers': {
            const { text, blocks } = forReader('managers');
            return [{ caseId: view.id, kind: 'channel', target: deps.managersChannel, payload: { text, blocks }, dedupeKey }];
          }
          case 'coordinators': {
            const { text, blocks } = forReader('coordinators');
            return coordinatorMessages(trx, { caseId: view.id, text, blocks, dedupeKey }, deps.routing, ctx.nowMs);
          }
          case 'coordinators_history': {
            // With a group its mention is the thread line already; DMs leave a plain line as the history.
            if (deps.routing.coordinatorsGroup) return [];
            // The key the plain line has always had, so a reminder queued before this release is not doubled.
            return [{ caseId: view.id, kind: 'thread', target: null, payload: { text: forReader('coordinators').linked }, dedupeKey: `notification:${notification.id}:coordinators:thread` }];
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

/** Reminders to the holder that one DM gives for all their cases due at the same instant. */
const GROUPED: ReadonlySet<string> = new Set(['due_soon', 'due_imminent', 'breached']);

/**
 * The holder's DM for a threshold several of their cases reach at the same instant (the same
 * deadline): one message listing them, sent once (its dedupe key is the person, kind and instant,
 * so the other cases' reminders find it queued and add no DM of their own).
 */
async function grouped(
  trx: Parameters<Announcer['announce']>[0],
  g: { userId: string; target: string; kind: string; plannedAtMs: number; view: CaseView; ctx: RenderContext; text: string; blocks: unknown[] },
): Promise<OutboxMessage[]> {
  const dedupeKey = `dm:${g.target}:${g.kind}:${g.plannedAtMs}:${g.view.sla.dueAtMs ?? 'none'}`;
  const same = g.view.sla.dueAtMs === null ? [] : await notificationsRepository(trx).sameInstantFor(g.userId, g.kind, g.plannedAtMs, g.view.sla.dueAtMs);
  if (same.length <= 1) return [{ caseId: g.view.id, kind: 'dm', target: g.target, payload: { text: g.text, blocks: g.blocks }, dedupeKey }];
  const ids = same.map((c) => c.caseId);
  const ctx = withLinks(g.ctx, cardLinks(ids, await outboxRepository(trx).permalinks(ids)));
  const { m } = tools(ctx);
  const refs = same.map((c) => c.reference);
  // The same facts (same deadline) for every case: the words differ only by the reference.
  const lineOf = (c: { caseId: number; reference: string }) => g.text.replace(g.view.reference, caseRef(ctx, { id: c.caseId, reference: c.reference }));
  const text = m.reach.grouped(refs.length, g.text.replace(g.view.reference, refs.join(', ')));
  const blocks = [
    section(m.reach.grouped(refs.length, '')),
    ...same.map((c) => {
      const link = ctx.links?.get(c.caseId);
      return { type: 'section', text: { type: 'mrkdwn', text: lineOf(c) }, ...(link ? { accessory: openCaseButton(link, c.reference, ctx) } : {}) };
    }),
  ];
  return [{ caseId: g.view.id, kind: 'dm', target: g.target, payload: { text, blocks }, dedupeKey }];
}

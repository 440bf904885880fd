import { GROUPED_DM_KINDS, isSnoozable, NOTIFICATION_POLICY, type Audience } from '../domain/notification-policy.js';
import { recipientFor } from '../domain/absence.js';
import { absencesRepository } from '../db/repositories/absences.js';
import { staffRepository } from '../db/repositories/staff.js';
import { snoozeSubject, type Announcer } from '../services/notifications.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { chartFile, renderSlaTrendChart } from '../charts/sla-trend.js';
import { alertMessage, openCaseButton, type AlertReader } from './views/alert.js';
import { cardLinks } from './card-links.js';
import { coordinatorMessages, type CoordinatorRouting } from './coordinators.js';
import { digestCaseIds, digestMessage } from './views/digest.js';
import { caseRef, personName, tools, withLinks, withNames, type RenderContext } from './views/render-context.js';
import { section } from './views/blocks.js';
import { snoozeMenu, withSnoozeMenu } from './views/snooze.js';
import { notificationsRepository } from '../db/repositories/notifications.js';
import type { CaseView } from '../services/cases.js';
import type { TodayMessage } from './today.js';

/**
 * Notifications go to Slack through the outbox, in the transaction that marks them sent; the delivery loop
 * picks them up. Every message about a case carries its id, whatever channel it goes to, so the delivery
 * sends a case's alerts to one channel or person in order (their stream, see `outboxStream`): a day's
 * breach alert never reaches the managers before the day before's.
 */
export function slackAnnouncer(deps: { ctx: () => RenderContext; managersChannel: string; routing: CoordinatorRouting; today?: TodayMessage | null }): Announcer {
  // The thresholds that move a case between the Today message's headings (due soon, breached) refresh it too.
  const todayToo = (kind: string | null): OutboxMessage[] => (deps.today && (kind === null || TODAY_THRESHOLDS.has(kind)) ? [deps.today.refresh()] : []);
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
          if (reader === 'holder' && GROUPED.has(f.kind)) {
            return grouped(trx, { userId, target: userId, kind: f.kind, plannedAtMs: notification.plannedAtMs, comingBack: Boolean(notification.onlyTo), view, ctx, text, blocks });
          }
          return [{ caseId: view.id, kind: 'dm', target: userId, payload: { text, blocks }, dedupeKey }];
        }
        const absent = personName(ctx, r.absent);
        if (r.to === 'cover') {
          return [{ caseId: view.id, kind: 'dm', target: r.userId, payload: { text: note.cover(absent, text), blocks: wrap(note.cover(absent, linked)) }, dedupeKey: `${dedupeKey}:${r.userId}` }];
        }
        return coordinatorMessages(trx, { caseId: view.id, text: note.cover(absent, text), blocks: wrap(note.cover(absent, linked)), dedupeKey }, deps.routing, ctx.nowMs);
      };
      // A snooze's row comes back at each instant it is snoozed to: each coming back is a message of its own.
      const key = notification.onlyTo ? `notification:${notification.id}:${notification.plannedAtMs}` : `notification:${notification.id}`;
      const toMessages = async (audience: Audience): Promise<OutboxMessage[]> => {
        const dedupeKey = `${key}:${audience}`;
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
      const told: OutboxMessage[] = [];
      for (const audience of NOTIFICATION_POLICY[f.kind].audiences) told.push(...(await toMessages(audience)));
      const dms = await snoozable(trx, { kind: f.kind, caseId: view.id, notificationId: notification.id, plannedAtMs: notification.plannedAtMs, onlyTo: notification.onlyTo ?? null, ctx, messages: told });
      // The card first (its stream is the thread's): time has changed what it says. A snoozed reminder
      // coming back is one person's DM and nothing else (the card was rewritten when it first went).
      const messages: OutboxMessage[] = notification.onlyTo ? dms : [cardRefresh(view.id), ...dms, ...todayToo(f.kind)];
      if (messages.length > 0) await outbox.enqueue(messages, Date.now());
    },
    async refreshCard(trx, view) {
      await outboxRepository(trx).enqueue([cardRefresh(view.id), ...todayToo(null)], Date.now());
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
          payload: { text: chart.title, files: [chartFile(chart)] },
          dedupeKey: `digest:${digestId}:chart`,
        });
      }
      await outbox.enqueue(messages, Date.now());
    },
  };
}

/**
 * Snooze on the reminder's DMs (SPEC section 5, "Less noise"): a DM to someone who had this kind of
 * reminder about this case snoozed when it fell due is held back (their snooze brings it back when it
 * ends, with the facts of then; at that very instant, in its place); every other DM to a person gets
 * the Snooze menu. A snoozed reminder coming back (`onlyTo`) is that person's DM alone. Channel and
 * thread messages pass as they are.
 */
async function snoozable(
  trx: Parameters<Announcer['announce']>[0],
  n: { kind: string; caseId: number; notificationId: number; plannedAtMs: number; onlyTo: string | null; ctx: RenderContext; messages: OutboxMessage[] },
): Promise<OutboxMessage[]> {
  const isDm = (msg: OutboxMessage) => msg.kind === 'dm' && msg.target !== null;
  let kept = n.onlyTo ? n.messages.filter((msg) => isDm(msg) && msg.target === n.onlyTo) : n.messages;
  if (!isSnoozable(n.kind)) return kept;
  if (!n.onlyTo) {
    const subjects = kept.filter(isDm).map((msg) => snoozeSubject(n.caseId, msg.target!));
    const snoozing = await notificationsRepository(trx).snoozing(subjects, n.kind, n.plannedAtMs);
    kept = kept.filter((msg) => !(isDm(msg) && snoozing.has(snoozeSubject(n.caseId, msg.target!))));
  }
  const menu = snoozeMenu(n.ctx, n.notificationId);
  return kept.map((msg) => (isDm(msg) ? { ...msg, payload: { ...msg.payload, blocks: withSnoozeMenu(msg.payload.blocks ?? [section(msg.payload.text)], menu) } } : msg));
}

/** A card refresh: the delivery renders the card from the case as committed when it sends it. */
const cardRefresh = (caseId: number): OutboxMessage => ({ caseId, kind: 'card', target: null, payload: { text: '' } });

/** Reminders at the instants a case changes heading in the Today message (a card-only refresh is one too). */
const TODAY_THRESHOLDS: ReadonlySet<string> = new Set(['due_soon', 'breached']);

const GROUPED: ReadonlySet<string> = new Set(GROUPED_DM_KINDS);

/**
 * The holder's DM for a threshold several of their cases reach at the same instant (the same
 * deadline): one message listing them, sent once (its dedupe key is the person, kind and instant,
 * so the other cases' reminders find it queued and add no DM of their own). Snoozed reminders come
 * back the same way: the cases snoozed to one instant, in one DM of their own (`comingBack`).
 */
async function grouped(
  trx: Parameters<Announcer['announce']>[0],
  g: { userId: string; target: string; kind: string; plannedAtMs: number; comingBack: boolean; view: CaseView; ctx: RenderContext; text: string; blocks: unknown[] },
): Promise<OutboxMessage[]> {
  const dedupeKey = `${g.comingBack ? 'snoozed' : 'dm'}:${g.target}:${g.kind}:${g.plannedAtMs}:${g.view.sla.dueAtMs ?? 'none'}`;
  const repo = notificationsRepository(trx);
  const dueAtMs = g.view.sla.dueAtMs;
  let same: { caseId: number; reference: string }[] = [];
  if (dueAtMs !== null && g.comingBack) {
    same = await repo.snoozedTo(g.userId, g.kind, g.plannedAtMs, dueAtMs);
  } else if (dueAtMs !== null) {
    const found = await repo.sameInstantFor(g.userId, g.kind, g.plannedAtMs, dueAtMs);
    // The cases whose reminder of this kind the holder had snoozed then are left out: they come back on their own.
    const snoozing = await repo.snoozing(found.map((c) => snoozeSubject(c.caseId, g.userId)), g.kind, g.plannedAtMs);
    same = found.filter((c) => c.caseId === g.view.id || !snoozing.has(snoozeSubject(c.caseId, g.userId)));
  }
  if (same.length <= 1) return [{ caseId: g.view.id, kind: 'dm', target: g.target, payload: { text: g.text, blocks: g.blocks }, dedupeKey }];
  const ids = same.map((c) => c.caseId);
  const ctx = withLinks(g.ctx, cardLinks(ids, await outboxRepository(trx).permalinks(ids)));
  const { m } = tools(ctx);
  const refs = same.map((c) => c.reference);
  // The same facts (same deadline) for every case: the words differ only by the reference.
  const lineOf = (c: { caseId: number; reference: string }) => g.text.replace(g.view.reference, caseRef(ctx, { id: c.caseId, reference: c.reference }));
  // The fallback text (a notification's preview) says each case's sentence: "SO-1, SO-2 is due" would not agree.
  const text = m.reach.grouped(refs.length, refs.map((r) => g.text.replace(g.view.reference, r)).join(' '));
  const blocks = [
    section(m.reach.grouped(refs.length, '')),
    ...same.map((c) => {
      const link = ctx.links?.get(c.caseId);
      return { type: 'section', text: { type: 'mrkdwn', text: lineOf(c) }, ...(link ? { accessory: openCaseButton(link, c.reference, ctx) } : {}) };
    }),
  ];
  return [{ caseId: g.view.id, kind: 'dm', target: g.target, payload: { text, blocks }, dedupeKey }];
}

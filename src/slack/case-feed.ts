import type { CaseEffect } from '../services/cases.js';
import type { HomePublisher } from './home.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { threadLine, who } from './views/thread-line.js';
import { areaText, caseRef, personName, tools, withLinks, withNames, type RenderContext } from './views/render-context.js';
import { staffRepository } from '../db/repositories/staff.js';
import { alertBlocks, openCaseButton } from './views/alert.js';
import { actionButton } from './actions/buttons.js';
import { section } from './views/blocks.js';
import { recipientFor } from '../domain/absence.js';
import { absencesRepository } from '../db/repositories/absences.js';
import { cardLinks } from './card-links.js';
import { tellCoordinators, type CoordinatorRouting } from './coordinators.js';
import type { CaseChange } from '../services/cases.js';
import type { Transaction } from 'kysely';
import type { Database, OutboxPayload } from '../db/types.js';
import { transferToConfirm } from '../domain/case.js';
import { consultButtonValue } from './ids.js';

/**
 * Every change to a case refreshes its card and adds a line to its thread. Both are queued in the
 * transaction of the change itself, so a committed change is never left unannounced and a
 * rolled-back one is never announced; after commit the delivery is woken up.
 */
export function cardAndThreadEffect(deps: { ctx: () => RenderContext; nudge: () => void; routing: CoordinatorRouting }): CaseEffect {
  return {
    name: 'queue the card refresh and the thread line in the Slack outbox',
    // One change or a bank statement's thousands: the names read once, every card and line in one insert.
    async inTransactionEach(trx, changes) {
      const base = deps.ctx();
      const ctx = withNames(base, await staffRepository(trx).displayNames());
      await outboxRepository(trx).enqueue(changes.flatMap((change) => feedMessages(change, ctx, base)), Date.now());
      for (const change of changes) {
        await askCoordinators(trx, change, ctx, deps.routing);
        await askSpecialists(trx, change, ctx);
        await closeOffers(trx, change, ctx);
      }
    },
    async afterCommitEach() {
      deps.nudge();
    },
  };
}

/** The card's refresh and the thread's line of one change. */
function feedMessages(change: CaseChange, ctx: RenderContext, base: RenderContext): OutboxMessage[] {
  const caseId = change.view.id;
  const onlyViewed = change.events.every((e) => e.data.type === 'details_viewed');
  const line = threadLine(
    { before: change.before, after: change.view.state, sla: change.view.sla, events: change.events, actorId: change.actor.id, board: change.view.board },
    ctx,
  );
  return [
    ...(onlyViewed ? [] : [{ caseId, kind: 'card' as const, target: null, payload: { text: '' } }]),
    ...(line ? [{ caseId, kind: 'thread' as const, target: null, payload: threadPayload(line, change, base) }] : []),
  ];
}

/**
 * A thread line is text; a credit found for a case whose payment is pending carries the **Confirm
 * payment** button too (its modal comes filled in with the credit), so the line is where one acts.
 */
function threadPayload(line: string, change: CaseChange, ctx: RenderContext): OutboxPayload {
  const found = change.events.some((e) => e.data.type === 'transfer_matched') && transferToConfirm(change.view.state) !== null;
  if (!found) return { text: line };
  const { m } = tools(ctx);
  return {
    text: line,
    blocks: [
      section(line),
      { type: 'actions', elements: [actionButton(m, 'confirm_payment', change.view.reference, 'primary')] },
    ],
  };
}

/** After commit, the App Home of everyone the change concerns (holder before and after, consultants) is rebuilt. */
export function appHomeEffect(home: HomePublisher): CaseEffect {
  return {
    name: 'rebuild the App Home of the people the change concerns',
    async afterCommit(change) {
      const consultants = [...change.view.state.consults, ...(change.before?.consults ?? [])].map((c) => c.assignee);
      const people = new Set([change.view.state.assignee, change.before?.assignee, ...consultants].filter((u): u is string => Boolean(u)));
      for (const userId of people) void home.publish(userId);
    },
  };
}

/**
 * A change that asks the coordinators to act tells them (their group, or each by DM): a request for
 * more information means the applicant must be contacted now. The thread line stays the history.
 */
async function askCoordinators(trx: Transaction<Database>, change: CaseChange, base: RenderContext, routing: CoordinatorRouting): Promise<void> {
  const asked = change.events.find((e) => e.data.type === 'info_requested');
  if (!asked) return;
  const { id, reference } = change.view;
  const ctx = withLinks(base, cardLinks([id], await outboxRepository(trx).permalinks([id])));
  const { m } = tools(ctx);
  const words = (ref: string) => m.reach.infoRequested(ref, who(asked.actor, ctx));
  await tellCoordinators(
    trx,
    {
      caseId: id,
      text: words(reference),
      blocks: alertBlocks(words(caseRef(ctx, change.view)), reference, ['info_received'], ctx.links?.get(id) ?? null, ctx),
      dedupeKey: `info_requested:${id}:${change.view.state.pauses.length}`,
      except: change.actor.id,
    },
    routing,
    ctx.nowMs,
  );
}

/**
 * A consult request DMs the specialists of its area who are present (an absent one's cover instead),
 * with **Claim**: the board hears of it without opening App Home. The question is not in the DM (it
 * stays private: App Home and the answer modal show it to the consultant).
 */
async function askSpecialists(trx: Transaction<Database>, change: CaseChange, base: RenderContext): Promise<void> {
  const requests = change.events.flatMap((e) => (e.data.type === 'consult_requested' ? [e.data] : []));
  if (requests.length === 0) return;
  const { id, reference } = change.view;
  const ctx = withLinks(base, cardLinks([id], await outboxRepository(trx).permalinks([id])));
  const { m, at } = tools(ctx);
  const staff = await staffRepository(trx).list();
  const away = await absencesRepository(trx).activeAt(ctx.nowMs);
  const messages: OutboxMessage[] = [];
  for (const r of requests) {
    const consult = change.view.board.consults.find((c) => c.id === r.consult);
    const area = areaText(ctx, r.area);
    const due = consult?.dueAtMs ? at(consult.dueAtMs) : '';
    const specialists = staff.filter((s) => s.role === 'doctor' && s.areas.includes(r.area)).map((s) => s.slackUserId);
    const readers = new Set<string>();
    for (const userId of specialists) {
      const to = recipientFor(away, userId, ctx.nowMs);
      if (to.to === 'person' || to.to === 'cover') readers.add(to.userId);
    }
    readers.delete(change.actor.id);
    const words = (ref: string) => (r.imageReview ? m.reach.imageReviewRequested : m.reach.consultRequested)(ref, area, due);
    const claim = actionButton(m, 'claim_consult', consultButtonValue(reference, r.consult), 'primary', area);
    const link = ctx.links?.get(id);
    const blocks = [section(words(caseRef(ctx, change.view))), { type: 'actions', block_id: 'alert_actions', elements: [claim, ...(link ? [openCaseButton(link, reference, ctx)] : [])] }];
    for (const target of readers) {
      messages.push({ caseId: id, kind: 'dm', target, payload: { text: words(reference), blocks }, dedupeKey: `consult_requested:${id}:${r.consult}:${target}` });
    }
  }
  await outboxRepository(trx).enqueue(messages, Date.now());
}

/**
 * Once a consult is claimed, assigned or withdrawn, every DM that offered its **Claim** is rewritten
 * in place (after it went, in its own stream) to say so, without the button: no specialist is left
 * with a Claim that can only be refused. The claimant's own DM too. Named plainly, never mentioned.
 */
async function closeOffers(trx: Transaction<Database>, change: CaseChange, base: RenderContext): Promise<void> {
  const first = change.history.length - change.events.length;
  const closing = change.events.flatMap((e, i) => {
    const d = e.data;
    return d.type === 'consult_claimed' || d.type === 'consult_assigned' || d.type === 'consult_withdrawn' ? [{ d, position: first + i }] : [];
  });
  if (closing.length === 0) return;
  const { id, reference } = change.view;
  const outbox = outboxRepository(trx);
  const ctx = withLinks(base, cardLinks([id], await outbox.permalinks([id])));
  const { m } = tools(ctx);
  const link = ctx.links?.get(id);
  const messages: OutboxMessage[] = [];
  for (const { d, position } of closing) {
    const offers = await outbox.dmsByKey(id, `consult_requested:${id}:${d.consult}:`);
    if (offers.length === 0) continue;
    const area = areaText(ctx, change.view.board.consults.find((c) => c.id === d.consult)?.area ?? '');
    const words = (ref: string) =>
      d.type === 'consult_claimed'
        ? m.reach.consultClaimedBy(ref, area, personName(ctx, d.consultant))
        : d.type === 'consult_assigned'
          ? m.reach.consultAssignedTo(ref, area, personName(ctx, d.consultant))
          : m.reach.consultWithdrawn(ref, area);
    const blocks = [section(words(caseRef(ctx, change.view))), ...(link ? [{ type: 'actions', block_id: 'alert_actions', elements: [openCaseButton(link, reference, ctx)] }] : [])];
    for (const offer of offers) {
      messages.push({
        caseId: id,
        kind: 'dm',
        target: offer.target,
        payload: { text: words(reference), blocks, rewrites: offer.id },
        dedupeKey: `consult_offer_closed:${id}:${d.consult}:${offer.target}:${position}`,
      });
    }
  }
  await outbox.enqueue(messages, Date.now());
}

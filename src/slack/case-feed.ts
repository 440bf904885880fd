import type { CaseEffect } from '../services/cases.js';
import type { HomePublisher } from './home.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { threadLine } from './views/thread-line.js';
import type { RenderContext } from './views/render-context.js';

/**
 * Every change to a case refreshes its card and adds a line to its thread. Both are queued in the
 * transaction of the change itself, so a committed change is never left unannounced and a
 * rolled-back one is never announced; after commit the delivery is woken up.
 */
export function cardAndThreadEffect(deps: { ctx: () => RenderContext; nudge: () => void }): CaseEffect {
  return {
    name: 'queue the card refresh and the thread line in the Slack outbox',
    async inTransaction(trx, change) {
      const caseId = change.view.id;
      const onlyViewed = change.events.every((e) => e.data.type === 'details_viewed');
      const line = threadLine(
        { before: change.before, after: change.view.state, sla: change.view.sla, events: change.events, actorId: change.actor.id, board: change.view.board },
        deps.ctx(),
      );
      const messages: OutboxMessage[] = [
        ...(onlyViewed ? [] : [{ caseId, kind: 'card' as const, target: null, payload: { text: '' } }]),
        ...(line ? [{ caseId, kind: 'thread' as const, target: null, payload: { text: line } }] : []),
      ];
      await outboxRepository(trx).enqueue(messages, Date.now());
    },
    async afterCommit() {
      deps.nudge();
    },
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

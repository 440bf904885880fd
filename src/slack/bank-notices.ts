import { messages } from '../i18n/messages.js';
import type { StatementReporter } from '../services/statement-import.js';
import { tellCoordinators, type CoordinatorRouting } from './coordinators.js';
import type { RenderContext } from './views/render-context.js';

/**
 * A statement left credits no case took: the coordinators are told once per statement (their group
 * in the triage channel, or each by DM), with how many; the credits themselves wait in their App Home.
 * Only the count: never an amount with a payer's name, nor a transfer's reason.
 */
export function statementReporter(deps: { ctx: () => RenderContext; routing: CoordinatorRouting; nudge: () => void }): StatementReporter {
  return {
    async creditsToMatch(trx, fact) {
      const ctx = deps.ctx();
      const text = messages(ctx.locale).bank.queue.notice(fact.count);
      await tellCoordinators(trx, { caseId: null, text, dedupeKey: `credits-to-match:${fact.statementId}` }, deps.routing, ctx.nowMs);
    },
    afterCommit: () => deps.nudge(),
  };
}

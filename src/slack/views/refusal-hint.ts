import { actionsInsteadOf, type CaseAction } from '../../domain/actions.js';
import type { CaseState } from '../../domain/case.js';
import type { RefusalReason } from '../../domain/refusal.js';
import type { Actor } from '../../domain/permissions.js';
import { actionLabel } from '../actions/buttons.js';
import { isCaseButtonAction } from '../actions/registry.js';
import { tools, type RenderContext } from './render-context.js';

/**
 * A refusal that says what would work: who does the refused action ("Coordinators assign cases"),
 * then what this person can do on this case now, as the action table answers ("use Claim"; a
 * coordinator refused Claim is offered Assign, the action's counterpart).
 */
export function refusalWithHint(ctx: RenderContext, reason: RefusalReason, refused: CaseAction, state: CaseState, actor: Actor): string {
  const { m, refusal } = tools(ctx);
  const next = actionsInsteadOf(refused, state, actor).find(isCaseButtonAction) ?? null;
  const use = isCaseButtonAction(next) ? m.hints.use(actionLabel(m, next)) : null;
  const who = m.actions[refused].who;
  // A consult's action is held by its consultant, not by the case's holder: say who does it, and
  // offer none of the case's buttons (they are not what this person came for).
  if (!isCaseButtonAction(refused) && (reason.key === 'needs_role' || reason.key === 'holder_only')) return `${who}.`;
  if (reason.key === 'needs_role') return use ? `${who}: ${use}.` : `${who}.`;
  const base = refusal(reason);
  // Refusals that say themselves what is missing (a payment, a reason) need no other suggestion.
  const offersInstead = reason.key === 'wrong_state' || reason.key === 'holder_only' || reason.key === 'already_held';
  return use && offersInstead ? `${base} ${m.hints.instead(use)}` : base;
}

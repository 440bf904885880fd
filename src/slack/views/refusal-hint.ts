import { availableActions, primaryAction, type CaseAction } from '../../domain/actions.js';
import type { CaseState } from '../../domain/case.js';
import type { RefusalReason } from '../../domain/refusal.js';
import type { Actor } from '../../domain/permissions.js';
import { BUTTON_IDS, type ButtonAction } from '../ids.js';
import { BUTTON_TEXT } from './case-card.js';
import { tools, type RenderContext } from './render-context.js';

const isButton = (a: CaseAction | null): a is ButtonAction => a !== null && a in BUTTON_IDS;

/**
 * A refusal that says what would work: who does the refused action ("Coordinators assign cases"),
 * then what this person can do on this case now, as the action table answers ("use Claim").
 */
export function refusalWithHint(ctx: RenderContext, reason: RefusalReason, refused: CaseAction, state: CaseState, actor: Actor): string {
  const { m, refusal } = tools(ctx);
  const possible = availableActions(state, actor).filter((a) => a !== refused && a !== 'view_details');
  const next = [primaryAction(state, actor), ...possible].find((a) => a !== refused && isButton(a)) ?? null;
  const use = isButton(next) ? m.hints.use(m.buttons[BUTTON_TEXT[next]]) : null;
  const who = m.hints.whoDoes[refused];
  if (reason.key === 'needs_role' && who) return use ? `${who}: ${use}.` : `${who}.`;
  const base = refusal(reason);
  // Refusals that say themselves what is missing (a payment, a reason) need no other suggestion.
  const offersInstead = reason.key === 'wrong_state' || reason.key === 'holder_only' || reason.key === 'already_held';
  return use && offersInstead ? `${base} ${m.hints.instead(use)}` : base;
}

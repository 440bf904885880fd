import { availableActions, primaryAction, type CaseAction } from '../../domain/actions.js';
import type { CaseState } from '../../domain/case.js';
import type { RefusalReason } from '../../domain/commands.js';
import type { Actor } from '../../domain/permissions.js';
import type { Messages } from '../../i18n/messages.js';
import { BUTTON_IDS, type ButtonAction } from '../ids.js';
import { BUTTON_TEXT } from './case-card.js';

const isButton = (a: CaseAction | null): a is ButtonAction => a !== null && a in BUTTON_IDS;

/**
 * A refusal that says what would work: who does the refused action ("Coordinators assign cases"),
 * then what this person can do on this case now, as the action table answers ("use Claim").
 */
export function refusalWithHint(m: Messages, reason: RefusalReason, refused: CaseAction, state: CaseState, actor: Actor): string {
  const possible = availableActions(state, actor).filter((a) => a !== refused && a !== 'view_details');
  const next = [primaryAction(state, actor), ...possible].find((a) => a !== refused && isButton(a)) ?? null;
  const use = isButton(next) ? m.hints.use(m.buttons[BUTTON_TEXT[next]]) : null;
  const who = m.hints.whoDoes[refused];
  if (reason.key === 'needs_role' && who) return use ? `${who}: ${use}.` : `${who}.`;
  const base = m.refusal(reason);
  // Refusals that say themselves what is missing (a payment, a reason) need no other suggestion.
  const offersInstead = reason.key === 'wrong_state' || reason.key === 'holder_only' || reason.key === 'already_held';
  return use && offersInstead ? `${base} ${m.hints.instead(use)}` : base;
}

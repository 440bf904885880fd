import type { CaseAction } from '../../domain/actions.js';
import { Refusal } from '../../domain/refusal.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { refusalWithHint } from '../views/refusal-hint.js';

/**
 * A refused click or form says why, and what this person can do on the case instead (the action
 * table's answer on the case as it is now). Without a case to look at, the reason alone.
 */
export async function explainRefusal(deps: SlackDeps, err: unknown, action: CaseAction, reference: string, userId: string): Promise<string> {
  if (!(err instanceof Refusal) || err.reason.key === 'not_found' || reference === '') return refusalText(deps, err);
  try {
    const [view, actor] = await Promise.all([deps.cases.get(reference), deps.staff.actor(userId)]);
    return refusalWithHint(renderContext(deps), err.reason, action, view.state, actor);
  } catch {
    return refusalText(deps, err);
  }
}

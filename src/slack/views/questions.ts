import type { CaseState } from '../../domain/case.js';
import type { NewCaseEvent } from '../../domain/events.js';
import type { PendingQuestion } from './modals.js';

/** The question a paused case waits on: its text, who asked and when (from the history). */
export function pendingQuestion(state: CaseState, history: readonly NewCaseEvent[]): PendingQuestion | null {
  if (state.status !== 'awaiting_info' || state.pendingQuestion === null) return null;
  const asked = history.findLast((e) => e.data.type === 'info_requested');
  if (!asked) return null;
  return { text: state.pendingQuestion, askedBy: asked.actor, askedAtMs: asked.effectiveAtMs };
}

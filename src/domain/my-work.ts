import type { CaseState } from './case.js';
import type { SlaStatus } from './sla.js';

/**
 * What a person's morning DM and the triage channel's Today message are made of (SPEC section 5,
 * "My work, each morning"): pure answers about order and queues; the services read, Slack renders.
 */

/** How urgent a case is for whoever acts on it: overdue first, then the clock running, then waiting on others. */
function urgencyRank(sla: SlaStatus): number {
  if (sla.state === 'running' && sla.remainingWorkingMs !== null) return sla.remainingWorkingMs <= 0 || sla.breached ? 0 : 1;
  // Paused: the applicant has the next move; not started: the documents have it.
  return sla.state === 'paused' ? 2 : 3;
}

/**
 * Cases by urgency: breached first (the most overdue first), then the soonest due (by working time
 * left, which is what the clock counts), then paused cases, then those whose clock has not started.
 */
export function byUrgency<T extends { id: number; sla: SlaStatus }>(cases: readonly T[]): T[] {
  const remaining = (c: T) => c.sla.remainingWorkingMs ?? Number.POSITIVE_INFINITY;
  return [...cases].sort((a, b) => urgencyRank(a.sla) - urgencyRank(b.sla) || remaining(a) - remaining(b) || a.id - b.id);
}

/**
 * The part of a case's place in the Today queue that changes only when someone acts: waiting for a
 * reviewer, waiting for the applicant, under review (whose clock may make it due soon or breached),
 * or outside the queue (intake, closed). Time moves a case between "due soon" and "breached"; the
 * planner's thresholds refresh the Today message for that.
 */
export type TodayPlace = 'waiting_reviewer' | 'waiting_applicant' | 'in_review' | null;

export function todayPlace(state: Pick<CaseState, 'status'> | null): TodayPlace {
  switch (state?.status) {
    case 'ready':
      return 'waiting_reviewer';
    case 'awaiting_info':
      return 'waiting_applicant';
    case 'in_review':
      return 'in_review';
    default:
      return null;
  }
}

/** Whether a change moved the case in the Today queue (or into it, or out of it). */
export function changesTodayQueue(before: Pick<CaseState, 'status'> | null, after: Pick<CaseState, 'status'>): boolean {
  return todayPlace(before) !== todayPlace(after);
}

/**
 * Refreshes of the Today message are coalesced into slots of `everyMs`: every change within a slot
 * asks for the same refresh (one dedupe key), sent once the slot is over, so the message is edited at
 * most once per slot however busy the channel is.
 */
export function todaySlot(nowMs: number, everyMs: number): { key: string; sendAtMs: number } {
  const slot = Math.floor(nowMs / everyMs);
  return { key: `today:${everyMs}:${slot}`, sendAtMs: (slot + 1) * everyMs };
}

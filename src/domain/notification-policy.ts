import type { WorkingCalendar } from './calendar.js';
import { slaTimeline, type CaseState, type NewCaseEvent } from './case.js';
import { completionInstant } from './checklist.js';
import { workingDurationMs, type WorkingDuration } from './duration.js';
import { dueInstant, type SlaStatus } from './sla.js';

/** Thresholds of the notification policy (SPEC section 4), in working time. */
export interface NotificationThresholds {
  unclaimedAfter: WorkingDuration;
  unclaimedEscalationAfter: WorkingDuration;
  dueSoonBefore: WorkingDuration;
  dueImminentBefore: WorkingDuration;
  breachRepeatEvery: WorkingDuration;
  awaitingInfoEvery: WorkingDuration;
  intakeStaleEvery: WorkingDuration;
  paymentPendingAfter: WorkingDuration;
}

/** The defaults, written as an operator would write them in the environment. */
export const DEFAULT_NOTIFICATION_THRESHOLDS: Record<keyof NotificationThresholds, string> = {
  unclaimedAfter: '4h',
  unclaimedEscalationAfter: '1d',
  dueSoonBefore: '1d',
  dueImminentBefore: '3h',
  breachRepeatEvery: '1d',
  awaitingInfoEvery: '2d',
  intakeStaleEvery: '5d',
  paymentPendingAfter: '3d',
};

export const CASE_NOTIFICATION_KINDS = [
  'unclaimed',
  'unclaimed_escalation',
  'due_soon',
  'due_imminent',
  'breached',
  'awaiting_info',
  'intake_stale',
  'payment_pending',
] as const;
export type CaseNotificationKind = (typeof CASE_NOTIFICATION_KINDS)[number];

/** Who hears about it: the case thread (optionally broadcast), the assignee by DM, the managers' channel. */
export type Audience = 'thread' | 'thread_broadcast' | 'assignee_dm' | 'managers';

/** The policy table: one row per kind (SPEC section 4). Timing lives in `planCaseNotifications`. */
export const NOTIFICATION_POLICY: Record<CaseNotificationKind, { audiences: readonly Audience[] }> = {
  unclaimed: { audiences: ['thread_broadcast'] },
  unclaimed_escalation: { audiences: ['managers'] },
  due_soon: { audiences: ['assignee_dm', 'thread'] },
  due_imminent: { audiences: ['assignee_dm', 'thread_broadcast'] },
  breached: { audiences: ['managers', 'assignee_dm'] },
  awaiting_info: { audiences: ['thread'] },
  intake_stale: { audiences: ['thread'] },
  payment_pending: { audiences: ['thread'] },
};

export interface PlannedNotification {
  kind: CaseNotificationKind;
  /** Distinguishes repeats (the 3rd daily breach reminder) and new episodes (a second pause). */
  occurrence: number;
  /** When it goes out: the instant it becomes due, moved to the next opening if that is outside working hours. */
  sendAtMs: number;
}

/** When a ready case last started waiting for a reviewer: documentation complete, paid, or released. */
export function waitingForReviewerSince(slaStartedAtMs: number, events: readonly NewCaseEvent[]): number {
  const last = (type: NewCaseEvent['data']['type']) => events.filter((e) => e.data.type === type).at(-1)?.effectiveAtMs ?? 0;
  return Math.max(slaStartedAtMs, last('payment_confirmed'), last('released'));
}

export interface PlanInput {
  state: CaseState;
  sla: SlaStatus;
  events: readonly NewCaseEvent[];
  nowMs: number;
  targetWorkingMs: number;
}

/** Occurrence numbers are episode × this + repeat, so every pause or release starts a fresh series. */
const EPISODE_STRIDE = 1000;

/**
 * Which notifications a case should get, and when: every occurrence that is already due, plus the
 * next one of each recurring kind. A pure function of the case, its SLA, the calendar and now; the
 * worker stores its answer and cancels what no longer appears in it.
 */
export function planCaseNotifications(
  cal: WorkingCalendar,
  thresholds: NotificationThresholds,
  input: PlanInput,
): PlannedNotification[] {
  const { state, sla, nowMs } = input;
  const plan: PlannedNotification[] = [];
  const ms = (d: WorkingDuration) => workingDurationMs(d, cal.workingDayMs);
  const add = (kind: CaseNotificationKind, occurrence: number, dueMs: number) =>
    plan.push({ kind, occurrence, sendAtMs: cal.nextWorkingInstant(dueMs) });
  /** Occurrences k = 1, 2, … at first + (k-1)·every, all those already due and the next one. */
  const repeat = (kind: CaseNotificationKind, episode: number, firstMs: number, everyMs: number) => {
    let at = firstMs;
    for (let k = 1; k < EPISODE_STRIDE; k++) {
      add(kind, episode * EPISODE_STRIDE + k, at);
      if (at > nowMs || everyMs <= 0) return;
      at = cal.addWorkingMs(at, everyMs);
    }
  };

  if (state.status === 'delivered' || state.status === 'cancelled') return plan;
  const timeline = slaTimeline(state);

  // Intake: documentation incomplete N working days after creation, then every N.
  if (completionInstant(state.checklist) === null) {
    const every = ms(thresholds.intakeStaleEvery);
    repeat('intake_stale', 0, cal.addWorkingMs(state.createdAtMs, every), every);
  }

  // Payment unconfirmed N working days after the copy of the transfer arrived.
  const transfer = state.checklist.find((e) => e.item === 'bank_transfer_copy')?.status;
  if (state.payment.state === 'pending' && transfer?.state === 'received') {
    add('payment_pending', 1, cal.addWorkingMs(transfer.receivedAtMs, ms(thresholds.paymentPendingAfter)));
  }

  // Unclaimed: counted from when the case last started waiting for a reviewer with the SLA running.
  if (state.status === 'ready' && sla.startedAtMs !== null) {
    const readySince = waitingForReviewerSince(sla.startedAtMs, input.events);
    const episode = input.events.filter((e) => e.data.type === 'released').length + 1;
    add('unclaimed', episode, cal.addWorkingMs(readySince, ms(thresholds.unclaimedAfter)));
    add('unclaimed_escalation', episode, cal.addWorkingMs(readySince, ms(thresholds.unclaimedEscalationAfter)));
  }

  if (sla.state === 'running' && sla.dueAtMs !== null) {
    // Due soon / imminent: once per case, where the remaining working time crosses the threshold.
    const at = (remainingMs: number) => dueInstant(cal, timeline, Math.max(0, input.targetWorkingMs - remainingMs))!;
    if (state.assignee !== null) {
      add('due_soon', 1, at(ms(thresholds.dueSoonBefore)));
      add('due_imminent', 1, at(ms(thresholds.dueImminentBefore)));
    }
    // Breached: at the due instant, then every working day while open.
    repeat('breached', 0, sla.dueAtMs, ms(thresholds.breachRepeatEvery));
  }

  // Awaiting information: paused for N working days, then every N; a new pause is a new episode.
  const pause = state.pauses.at(-1);
  if (state.status === 'awaiting_info' && pause) {
    const every = ms(thresholds.awaitingInfoEvery);
    repeat('awaiting_info', state.pauses.length, cal.addWorkingMs(pause.fromMs, every), every);
  }
  return plan;
}

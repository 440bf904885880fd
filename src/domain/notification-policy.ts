import type { WorkingCalendar } from './calendar.js';
import { consultDueAt, isPending } from './board.js';
import { slaTimeline, type CaseState } from './case.js';
import { completionInstant, missingRequired } from './checklist.js';
import { workingDurationMs, type WorkingDuration } from './duration.js';
import { dueInstant, elapsedWorkingMs, type SlaStatus } from './sla.js';

const HOUR_MS = 3_600_000;

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
  consultDueSoonBefore: WorkingDuration;
  consultOverdueEvery: WorkingDuration;
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
  consultDueSoonBefore: '4h',
  consultOverdueEvery: '1d',
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
  'consult_due_soon',
  'consult_overdue',
] as const;
export type CaseNotificationKind = (typeof CASE_NOTIFICATION_KINDS)[number];

/**
 * The instants at which time alone changes what a case's card says (SPEC section 5, "The card never
 * lies"): it turns due soon, due very soon, breached. Every reminder rewrites the card as it goes
 * out; these rows stand in for the due-soon and imminent reminders of a case nobody holds (nobody to
 * remind, but the card must still change). Planned by the same planner, sent once each like them;
 * they rewrite the card and tell nobody. The breach reminder always goes, so it rewrites the card.
 */
export const CARD_REFRESH_KINDS = ['card_due_soon', 'card_due_imminent'] as const;
export type CardRefreshKind = (typeof CARD_REFRESH_KINDS)[number];

export function isCardRefresh(kind: string): kind is CardRefreshKind {
  return (CARD_REFRESH_KINDS as readonly string[]).includes(kind);
}

/**
 * Who hears about it: the case thread (optionally broadcast), the assignee by DM, the managers'
 * channel, the coordinators (their user group mentioned in the thread, or each by DM), a plain
 * line in the thread as the case's history when the coordinators were told by DM (with a group, its
 * mention is that line); for a consult, its consultant by DM and the lead named in the thread.
 */
export type Audience = 'thread' | 'thread_broadcast' | 'assignee_dm' | 'managers' | 'coordinators' | 'coordinators_history' | 'consultant_dm' | 'lead_thread';

/**
 * The policy table: one row per kind (SPEC sections 4 and 5). Timing lives in `planCaseNotifications`.
 * One notice per event and person: a reminder that reaches its reader by DM is not broadcast to the
 * channel as well; its thread line is the case's history (it mentions nobody). What asks the
 * coordinators to act reaches them; breaches and escalations also leave a line in the thread.
 */
export const NOTIFICATION_POLICY: Record<CaseNotificationKind, { audiences: readonly Audience[] }> = {
  unclaimed: { audiences: ['thread_broadcast'] },
  unclaimed_escalation: { audiences: ['managers', 'thread'] },
  due_soon: { audiences: ['assignee_dm'] },
  due_imminent: { audiences: ['assignee_dm', 'thread'] },
  breached: { audiences: ['managers', 'assignee_dm', 'thread'] },
  // The chase reaches each coordinator once: the thread already records the request (the pause's
  // line) and the card says what it waits for, so a copy there would be the same notice twice.
  awaiting_info: { audiences: ['coordinators'] },
  // How long the payment has waited, how many documents are missing: facts the history keeps.
  intake_stale: { audiences: ['coordinators', 'coordinators_history'] },
  payment_pending: { audiences: ['coordinators', 'coordinators_history'] },
  consult_due_soon: { audiences: ['consultant_dm', 'lead_thread'] },
  consult_overdue: { audiences: ['consultant_dm', 'lead_thread'] },
};

/**
 * Reminders to the holder that one DM gives for all their cases due at the same instant (SPEC
 * section 5, "a person with several cases due at the same threshold gets one DM listing them").
 */
export const GROUPED_DM_KINDS: readonly CaseNotificationKind[] = ['due_soon', 'due_imminent', 'breached'];

export interface PlannedNotification {
  kind: CaseNotificationKind | CardRefreshKind;
  /** Distinguishes repeats (the 3rd daily breach reminder) and new episodes (a second pause). */
  occurrence: number;
  /** When it goes out: the instant it becomes due, moved to the next opening if that is outside working hours. */
  sendAtMs: number;
}

export interface PlanInput {
  state: CaseState;
  sla: SlaStatus;
  nowMs: number;
  targetWorkingMs: number;
}

/** Occurrence numbers are episode × this + repeat, so every pause or release starts a fresh series. */
const EPISODE_STRIDE = 1000;

/** The consult a consult reminder is about: its number is the occurrence's episode. */
export function consultOfOccurrence(occurrence: number): number {
  return Math.floor(occurrence / EPISODE_STRIDE);
}

/**
 * Which notifications a case should get, and when. A pure function of the case as folded from its
 * history, its SLA, the calendar and now; the worker stores its answer and cancels what no longer
 * appears in it.
 *
 * Missed repeats collapse (SPEC section 4): of the occurrences of a repeating kind that are already
 * due (a backdated receipt, workers down over a weekend) only the latest is planned, with the next
 * one; the older ones drop out of the plan and are cancelled, so exactly one message goes out, and
 * its text says how late the case is. Reminders about an instant still ahead (due soon, due
 * imminent) are left out once that instant has passed: the later kind says it instead.
 */
export function planCaseNotifications(
  cal: WorkingCalendar,
  thresholds: NotificationThresholds,
  input: PlanInput,
): PlannedNotification[] {
  const { state, sla, nowMs } = input;
  const plan: PlannedNotification[] = [];
  const ms = (d: WorkingDuration) => workingDurationMs(d, cal.workingDayMs);
  const add = (kind: CaseNotificationKind | CardRefreshKind, occurrence: number, dueMs: number) =>
    plan.push({ kind, occurrence, sendAtMs: cal.nextWorkingInstant(dueMs) });
  const isDue = (dueMs: number) => cal.nextWorkingInstant(dueMs) <= nowMs;
  /**
   * A repeating kind, occurrences k = 1, 2, … at first + (k-1)·every: the latest already due and the
   * next one. Its cost grows with the closed days crossed, never with the number of missed occurrences.
   */
  const repeat = (kind: CaseNotificationKind, episode: number, firstMs: number, everyMs: number) => {
    const base = episode * EPISODE_STRIDE;
    if (firstMs > nowMs || everyMs <= 0) {
      add(kind, base + 1, firstMs);
      return;
    }
    const missed = Math.floor(cal.workingMsBetween(firstMs, nowMs) / everyMs);
    const k = Math.min(missed + 1, EPISODE_STRIDE - 2);
    const latestMs = cal.addWorkingMs(firstMs, (k - 1) * everyMs);
    add(kind, base + k, latestMs);
    add(kind, base + k + 1, cal.addWorkingMs(latestMs, everyMs));
  };

  if (state.status === 'delivered' || state.status === 'cancelled') return plan;
  const timeline = slaTimeline(state);

  // Intake: documentation incomplete N working days after creation, then every N.
  if (completionInstant(state.checklist) === null) {
    const every = ms(thresholds.intakeStaleEvery);
    repeat('intake_stale', 0, cal.addWorkingMs(state.createdAtMs, every), every);
  }

  // Payment unconfirmed N working days after the copy of the transfer arrived, in intake or beside the review.
  const transfer = state.checklist.find((e) => e.item === 'bank_transfer_copy')?.status;
  if (state.payment.state === 'pending' && transfer?.state === 'received') {
    add('payment_pending', 1, cal.addWorkingMs(transfer.receivedAtMs, ms(thresholds.paymentPendingAfter)));
  }

  // Unclaimed: counted from when the case last started waiting for a reviewer; each release is a new episode.
  if (state.status === 'ready' && state.waitingForReviewerSinceMs !== null) {
    const since = state.waitingForReviewerSinceMs;
    const episode = state.releases + 1;
    add('unclaimed', episode, cal.addWorkingMs(since, ms(thresholds.unclaimedAfter)));
    add('unclaimed_escalation', episode, cal.addWorkingMs(since, ms(thresholds.unclaimedEscalationAfter)));
  }

  if (sla.state === 'running' && sla.dueAtMs !== null) {
    // Due soon / imminent: once per case, where the remaining working time crosses the threshold, and
    // only while that is still ahead: past the due instant the breach speaks, past "imminent" "soon" is stale.
    const at = (remainingMs: number) => dueInstant(cal, timeline, Math.max(0, input.targetWorkingMs - remainingMs))!;
    if (state.assignee !== null && !isDue(sla.dueAtMs)) {
      const imminentMs = at(ms(thresholds.dueImminentBefore));
      if (!isDue(imminentMs)) add('due_soon', 1, at(ms(thresholds.dueSoonBefore)));
      add('due_imminent', 1, imminentMs);
    }
    // Breached: at the due instant, then every working day while open.
    repeat('breached', 0, sla.dueAtMs, ms(thresholds.breachRepeatEvery));

    // The card of a case nobody holds, at the thresholds its colour follows (a held case's reminders
    // rewrite it): once each per running stretch of the clock (a resume starts a new one); a threshold
    // passed while nothing could send collapses into the later one, like the reminders.
    if (state.assignee === null && !isDue(sla.dueAtMs)) {
      const episode = state.pauses.length + 1;
      const imminentMs = at(ms(thresholds.dueImminentBefore));
      if (!isDue(imminentMs)) add('card_due_soon', episode, at(ms(thresholds.dueSoonBefore)));
      add('card_due_imminent', episode, imminentMs);
    }

    // Consults waiting for an answer (SPEC section 8): due soon while still ahead, then overdue every
    // working day, collapsing like every repeat. Their deadlines sit on the case's SLA clock, so a
    // pause moves these with the case's own reminders.
    for (const c of state.consults.filter(isPending)) {
      const consultDueMs = consultDueAt(cal, timeline, c);
      if (consultDueMs === null) continue;
      const soonMs = dueInstant(cal, timeline, Math.max(0, c.dueElapsedMs - ms(thresholds.consultDueSoonBefore)))!;
      // Not "due soon" the moment it is asked with less time than that, nor once the deadline has passed.
      if (soonMs > c.requestedAtMs && !isDue(consultDueMs)) add('consult_due_soon', c.id * EPISODE_STRIDE + 1, soonMs);
      repeat('consult_overdue', c.id, consultDueMs, ms(thresholds.consultOverdueEvery));
    }
  }

  // Awaiting information: paused for N working days, then every N; a new pause is a new episode.
  if (state.status === 'awaiting_info' && state.lastPause) {
    const every = ms(thresholds.awaitingInfoEvery);
    repeat('awaiting_info', state.pauses.length, cal.addWorkingMs(state.lastPause.fromMs, every), every);
  }
  return plan;
}

/**
 * What a reminder says, computed from the case as it is when the reminder goes out: instants that
 * are past are named as past, and every repeating kind carries how long it has been, so a repeat is
 * never identical to the one before. The announcer only words these facts.
 */
export type ReminderFacts =
  | { kind: 'unclaimed'; sinceMs: number }
  /** `overdueMs` is set once the due instant has passed: the answer *was* due. */
  | { kind: 'unclaimed_escalation'; sinceMs: number; dueAtMs: number | null; overdueMs: number | null }
  | { kind: 'due_soon' | 'due_imminent'; dueAtMs: number; remainingMs: number }
  | { kind: 'breached'; dueAtMs: number; overdueMs: number }
  | { kind: 'awaiting_info'; sinceMs: number; waitedMs: number; askedBy: string }
  | { kind: 'intake_stale'; missing: number; createdAtMs: number; waitedMs: number }
  | { kind: 'payment_pending'; transferReceivedAtMs: number; waitedMs: number; reviewUnderWay: boolean }
  /** `remainingMs` is working time on the SLA clock until the consult's deadline; negative once late. */
  | { kind: 'consult_due_soon' | 'consult_overdue'; consult: number; area: string; dueAtMs: number; remainingMs: number };

export function reminderFacts(
  cal: WorkingCalendar,
  kind: CaseNotificationKind,
  state: CaseState,
  sla: SlaStatus,
  nowMs: number,
  /** The occurrence being sent (a consult reminder names its consult by it). */
  occurrence = 0,
): ReminderFacts {
  const dueAtMs = sla.dueAtMs ?? nowMs;
  const overdueMs = Math.max(0, -(sla.remainingWorkingMs ?? 0));
  const waitedSince = (ms: number) => cal.workingMsBetween(ms, nowMs);
  switch (kind) {
    case 'unclaimed':
      return { kind, sinceMs: state.waitingForReviewerSinceMs ?? sla.startedAtMs ?? nowMs };
    case 'unclaimed_escalation':
      return {
        kind,
        sinceMs: state.waitingForReviewerSinceMs ?? sla.startedAtMs ?? nowMs,
        dueAtMs: sla.dueAtMs,
        overdueMs: sla.dueAtMs !== null && sla.dueAtMs <= nowMs ? overdueMs : null,
      };
    case 'due_soon':
    case 'due_imminent':
      return { kind, dueAtMs, remainingMs: Math.max(0, sla.remainingWorkingMs ?? 0) };
    case 'breached':
      return { kind, dueAtMs, overdueMs };
    case 'awaiting_info': {
      const sinceMs = state.lastPause?.fromMs ?? nowMs;
      return { kind, sinceMs, waitedMs: waitedSince(sinceMs), askedBy: state.infoRequestedBy ?? '' };
    }
    case 'intake_stale':
      return { kind, missing: missingRequired(state.checklist).length, createdAtMs: state.createdAtMs, waitedMs: waitedSince(state.createdAtMs) };
    case 'payment_pending': {
      const transfer = state.checklist.find((e) => e.item === 'bank_transfer_copy')?.status;
      const receivedMs = transfer?.state === 'received' ? transfer.receivedAtMs : nowMs;
      return { kind, transferReceivedAtMs: receivedMs, waitedMs: waitedSince(receivedMs), reviewUnderWay: state.status !== 'intake' };
    }
    case 'consult_due_soon':
    case 'consult_overdue': {
      const id = consultOfOccurrence(occurrence);
      const c = state.consults.find((x) => x.id === id);
      const timeline = slaTimeline(state);
      const consultDueMs = c ? (consultDueAt(cal, timeline, c) ?? nowMs) : nowMs;
      const remainingMs = c ? c.dueElapsedMs - elapsedWorkingMs(cal, timeline, nowMs) : 0;
      return { kind, consult: id, area: c?.area ?? '', dueAtMs: consultDueMs, remainingMs };
    }
  }
}

/**
 * Snooze (SPEC section 5, "Less noise"): each reminder DM lets its reader put it off for one working
 * hour or until the next opening. The snooze is recorded as the reminder coming back to that person
 * at that instant; until then the same kind of reminder about that case does not reach them (it
 * comes back with the facts of that moment instead). Never past the deadline the reminder is about.
 */
export const SNOOZE_CHOICES = ['working_hour', 'next_opening'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

/** The kinds a person reads in a DM of their own (the policy's DM audiences): those carry Snooze. */
export const SNOOZABLE_KINDS: readonly CaseNotificationKind[] = CASE_NOTIFICATION_KINDS.filter((k) =>
  NOTIFICATION_POLICY[k].audiences.some((a) => a === 'assignee_dm' || a === 'consultant_dm' || a === 'coordinators'),
);

export function isSnoozable(kind: string): kind is CaseNotificationKind {
  return (SNOOZABLE_KINDS as readonly string[]).includes(kind);
}

/**
 * The deadline a reminder is about: a consult's for a consult reminder, else the case's due instant
 * while its clock runs (paused or not started, it has none that could pass during a snooze).
 */
export function reminderDeadline(cal: WorkingCalendar, kind: CaseNotificationKind, state: CaseState, sla: SlaStatus, occurrence: number): number | null {
  if (kind === 'consult_due_soon' || kind === 'consult_overdue') {
    const consult = state.consults.find((c) => c.id === consultOfOccurrence(occurrence));
    return consult ? consultDueAt(cal, slaTimeline(state), consult) : null;
  }
  return sla.state === 'running' ? sla.dueAtMs : null;
}

/**
 * When a reminder snoozed at `nowMs` comes back: after one working hour, or at the next opening; at
 * the deadline instead when that comes first and is still ahead (a snooze never hides the moment the
 * answer falls due). An instant outside working hours moves to the next opening, as every reminder's.
 */
export function snoozeUntil(
  cal: WorkingCalendar,
  choice: SnoozeChoice,
  nowMs: number,
  deadlineMs: number | null,
): { untilMs: number; atDeadline: boolean } {
  const wanted = choice === 'working_hour' ? cal.nextWorkingInstant(cal.addWorkingMs(nowMs, HOUR_MS)) : cal.nextOpening(nowMs);
  if (deadlineMs !== null && deadlineMs > nowMs && deadlineMs < wanted) return { untilMs: deadlineMs, atDeadline: true };
  return { untilMs: wanted, atDeadline: false };
}

/**
 * Whether a snoozed reminder still has something to say when it comes back: the case's plan, as the
 * planner makes it then, still holds that kind in the same episode (the same pause, the same consult,
 * the same wait for a reviewer). A claim, a delivery, an answer, a resumed clock, or the later kind
 * taking over (past "imminent", "due soon" is stale) make it moot: nothing comes back.
 */
export function snoozedReminderApplies(plan: readonly PlannedNotification[], kind: CaseNotificationKind, occurrence: number): boolean {
  const episode = Math.floor(occurrence / EPISODE_STRIDE);
  return plan.some((p) => p.kind === kind && Math.floor(p.occurrence / EPISODE_STRIDE) === episode);
}

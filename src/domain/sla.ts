import type { WorkingCalendar } from './calendar.js';

/**
 * The SLA clock of SPEC section 3, as a pure function of (calendar, timeline, now).
 * Instants are epoch milliseconds.
 */

export interface Pause {
  fromMs: number;
  /** null while the information is still awaited. */
  toMs: number | null;
}

export interface SlaTimeline {
  /** Completion instant of the documentation; null while it is incomplete. */
  startMs: number | null;
  pauses: readonly Pause[];
  /** Delivery (or cancellation) instant; null while the case is open. */
  stopMs: number | null;
}

export type SlaState = 'not_started' | 'running' | 'paused' | 'stopped';

export interface SlaStatus {
  state: SlaState;
  startedAtMs: number | null;
  /** Where elapsed working time reaches the target if no further pause happens. */
  dueAtMs: number | null;
  targetWorkingMs: number;
  elapsedWorkingMs: number;
  /** Negative when overdue. null before the clock starts. */
  remainingWorkingMs: number | null;
  breached: boolean;
}

interface Interval {
  fromMs: number;
  toMs: number;
}

/** Pauses clipped to the running window, sorted and merged, so that overlaps never count twice. */
function normalisedPauses(timeline: SlaTimeline, endMs: number): Interval[] {
  const start = timeline.startMs ?? Infinity;
  const clipped = timeline.pauses
    .map((p) => ({ fromMs: Math.max(p.fromMs, start), toMs: Math.min(p.toMs ?? endMs, endMs) }))
    .filter((p) => p.toMs > p.fromMs)
    .sort((a, b) => a.fromMs - b.fromMs);
  const merged: Interval[] = [];
  for (const p of clipped) {
    const last = merged[merged.length - 1];
    if (last && p.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, p.toMs);
    else merged.push({ ...p });
  }
  return merged;
}

/** Working time that counts between the start and `untilMs`. */
export function elapsedWorkingMs(cal: WorkingCalendar, timeline: SlaTimeline, untilMs: number): number {
  if (timeline.startMs === null || untilMs <= timeline.startMs) return 0;
  const end = Math.min(untilMs, timeline.stopMs ?? Infinity);
  let total = cal.workingMsBetween(timeline.startMs, end);
  for (const p of normalisedPauses(timeline, end)) total -= cal.workingMsBetween(p.fromMs, p.toMs);
  return total;
}

/** Working time spent paused (waiting for information) between the start and `untilMs`; overlaps count once. */
export function pausedWorkingMs(cal: WorkingCalendar, timeline: SlaTimeline, untilMs: number): number {
  if (timeline.startMs === null || untilMs <= timeline.startMs) return 0;
  const end = Math.min(untilMs, timeline.stopMs ?? Infinity);
  return normalisedPauses(timeline, end).reduce((sum, p) => sum + cal.workingMsBetween(p.fromMs, p.toMs), 0);
}

/**
 * The due instant, counting only pauses that have ended: an open pause does not move it
 * (SPEC: it moves only when a pause ends or a correction changes an event).
 */
export function dueInstant(cal: WorkingCalendar, timeline: SlaTimeline, targetWorkingMs: number): number | null {
  if (timeline.startMs === null) return null;
  const closed = normalisedPauses({ ...timeline, pauses: timeline.pauses.filter((p) => p.toMs !== null) }, Infinity);
  let remaining = targetWorkingMs;
  let cursor = timeline.startMs;
  for (const p of closed) {
    const available = cal.workingMsBetween(cursor, p.fromMs);
    if (remaining <= available) return cal.addWorkingMs(cursor, remaining);
    remaining -= available;
    cursor = Math.max(cursor, p.toMs);
  }
  return cal.addWorkingMs(cursor, remaining);
}

export function slaStatus(
  cal: WorkingCalendar,
  timeline: SlaTimeline,
  nowMs: number,
  targetWorkingMs: number,
): SlaStatus {
  if (timeline.startMs === null) {
    return {
      state: 'not_started',
      startedAtMs: null,
      dueAtMs: null,
      targetWorkingMs,
      elapsedWorkingMs: 0,
      remainingWorkingMs: null,
      breached: false,
    };
  }
  const stopped = timeline.stopMs !== null && timeline.stopMs <= nowMs;
  const paused = !stopped && timeline.pauses.some((p) => p.fromMs <= nowMs && (p.toMs === null || p.toMs > nowMs));
  const elapsed = elapsedWorkingMs(cal, timeline, nowMs);
  return {
    state: stopped ? 'stopped' : paused ? 'paused' : 'running',
    startedAtMs: timeline.startMs,
    dueAtMs: dueInstant(cal, timeline, targetWorkingMs),
    targetWorkingMs,
    elapsedWorkingMs: elapsed,
    remainingWorkingMs: targetWorkingMs - elapsed,
    breached: elapsed > targetWorkingMs,
  };
}

export type ExplainStep =
  | { kind: 'start'; atMs: number; countsFromMs: number }
  | { kind: 'closed_day'; isoDate: string; reason: string }
  | { kind: 'pause'; fromMs: number; toMs: number | null; workingMsExcluded: number }
  | { kind: 'stop'; atMs: number }
  | { kind: 'due'; atMs: number; targetWorkingMs: number };

/**
 * The computation spelled out for a person: where counting starts, each closed day skipped, each
 * pause and the result. Closed days are listed from the start up to the due instant or the stop,
 * whichever is later, so an overdue case shows every day it crossed.
 */
export function explainSla(
  cal: WorkingCalendar,
  timeline: SlaTimeline,
  nowMs: number,
  targetWorkingMs: number,
): { status: SlaStatus; steps: ExplainStep[] } {
  const status = slaStatus(cal, timeline, nowMs, targetWorkingMs);
  const steps: ExplainStep[] = [];
  if (timeline.startMs === null || status.dueAtMs === null) return { status, steps };
  steps.push({ kind: 'start', atMs: timeline.startMs, countsFromMs: cal.nextWorkingInstant(timeline.startMs) });
  const horizon = Math.max(status.dueAtMs, timeline.stopMs ?? 0);
  const events: { atMs: number; step: ExplainStep }[] = [];
  for (const d of cal.closedDaysBetween(timeline.startMs, horizon)) {
    events.push({ atMs: d.startMs, step: { kind: 'closed_day', isoDate: d.isoDate, reason: d.closedReason ?? '' } });
  }
  for (const p of [...timeline.pauses].sort((a, b) => a.fromMs - b.fromMs)) {
    const to = p.toMs ?? Math.max(nowMs, p.fromMs);
    events.push({
      atMs: p.fromMs,
      step: { kind: 'pause', fromMs: p.fromMs, toMs: p.toMs, workingMsExcluded: cal.workingMsBetween(p.fromMs, to) },
    });
  }
  events.sort((a, b) => a.atMs - b.atMs);
  steps.push(...events.map((e) => e.step));
  if (timeline.stopMs !== null) steps.push({ kind: 'stop', atMs: timeline.stopMs });
  steps.push({ kind: 'due', atMs: status.dueAtMs, targetWorkingMs });
  return { status, steps };
}

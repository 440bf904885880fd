/**
 * Which instants are plausible (SPEC section 3). A receipt, pause or resume instant lies between one
 * year before the case was created and now (two minutes of clock skew aside); a what-if start lies
 * within two years of now. Anything else is a typo or an attack, and refusing it also keeps every
 * calendar computation short.
 */

const DAY_MS = 86_400_000;

/** Clocks of the web portal and of our servers differ by a little; beyond this, "future" is an error. */
export const CLOCK_SKEW_TOLERANCE_MS = 2 * 60_000;
export const EARLIEST_BEFORE_CREATION_MS = 366 * DAY_MS;
export const WHAT_IF_RANGE_MS = 731 * DAY_MS;

export type InstantProblem = 'invalid' | 'too_early' | 'future';

/** What is wrong with a recorded instant (receipt, pause, resume), or null when it is plausible. */
export function recordedInstantProblem(ms: number, createdAtMs: number, nowMs: number): InstantProblem | null {
  if (!Number.isFinite(ms)) return 'invalid';
  if (ms > nowMs + CLOCK_SKEW_TOLERANCE_MS) return 'future';
  if (ms < createdAtMs - EARLIEST_BEFORE_CREATION_MS) return 'too_early';
  return null;
}

/** Whether a what-if start (`/so when`, `sla due`) is within the range the service answers. */
export function whatIfInRange(ms: number, nowMs: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms - nowMs) <= WHAT_IF_RANGE_MS;
}

/**
 * Working durations: "1d" is one working day (its length comes from the calendar's working
 * hours), "4h" four working hours. Thresholds and SLA remainders are expressed this way.
 */

export interface WorkingDuration {
  days: number;
  minutes: number;
}

export function parseWorkingDuration(text: string): WorkingDuration | null {
  const parts = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return null;
  const out: WorkingDuration = { days: 0, minutes: 0 };
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)(d|h|m)$/.exec(part);
    if (!m) return null;
    const n = Number(m[1]);
    if (m[2] === 'd') out.days += n;
    else out.minutes += m[2] === 'h' ? n * 60 : n;
  }
  return out;
}

export function workingDurationMs(d: WorkingDuration, workingDayMs: number): number {
  return Math.round(d.days * workingDayMs + d.minutes * 60_000);
}

/** Splits a working time into whole working days, hours and minutes (absolute value). */
export function splitWorkingMs(ms: number, workingDayMs: number): { days: number; hours: number; minutes: number } {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / workingDayMs);
  const rest = abs - days * workingDayMs;
  const hours = Math.floor(rest / 3_600_000);
  const minutes = Math.floor((rest - hours * 3_600_000) / 60_000);
  return { days, hours, minutes };
}

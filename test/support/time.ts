import { DateTime } from 'luxon';

/** An instant written as Europe/Rome wall-clock time, e.g. `rome('2026-11-30 10:00')`. */
export function rome(local: string, zone = 'Europe/Rome'): number {
  const dt = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone });
  if (!dt.isValid) throw new Error(`bad local time ${local}`);
  return dt.toMillis();
}

export function showRome(ms: number | null, zone = 'Europe/Rome'): string | null {
  return ms === null ? null : DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
}

export const HOUR = 3_600_000;

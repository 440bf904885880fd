import { DateTime } from 'luxon';

/**
 * Date-times as people type them (SPEC section 3), read the same way by the CLI, `/so when`, the
 * API and the modals: `2026-12-04 16:00`, `2026-12-04T16:00`, `2026-12-04T16:00:00`, with or without
 * an offset (`Z`, `+01:00`, `+0100`); without one the calendar's time zone applies. In Italian also
 * `04/12/2026 16:00`. A date alone means the start of that day's working hours.
 *
 * Every field is checked against the real calendar (`2026-02-31` and year 0 are refused), so an
 * impossible date never reaches luxon's or PostgreSQL's own, different, idea of it.
 */

export interface LocalTimeRules {
  timeZone: string;
  /** Minutes after local midnight at which a working day opens: where a date alone points. */
  openMinute: number;
}

export type DateLocale = 'en' | 'it';

/** A calendar date: year 1-9999, month and day that exist. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ITALIAN_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkedDate(year: number, month: number, day: number): CalendarDate | null {
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  // Date.UTC maps years 0-99 to 1900-1999: compute the month length in a leap-equivalent year.
  const lengthYear = year < 100 ? 2000 + (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 0 : 1) : year;
  if (day > daysInMonth(lengthYear, month)) return null;
  return { year, month, day };
}

/** `YYYY-MM-DD` that exists on the calendar, or null. */
export function parseIsoDate(text: string): CalendarDate | null {
  const m = ISO_DATE.exec(text.trim());
  return m ? checkedDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

export function isoDateString(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** The calendar date of an instant in a time zone, as `YYYY-MM-DD`. */
export function localIsoDate(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate() ?? '';
}

function offsetMinutes(text: string): number | null {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 18 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

interface Parts {
  date: CalendarDate;
  /** null for a date alone. */
  time: { hour: number; minute: number; second: number; ms: number } | null;
  offset: string | null;
}

function parts(text: string, locale: DateLocale): Parts | null {
  const t = text.trim();
  if (t.length > 40) return null;
  const iso = ISO_DATE_TIME.exec(t);
  if (iso) {
    const date = checkedDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (!date) return null;
    const time =
      iso[4] === undefined
        ? null
        : { hour: Number(iso[4]), minute: Number(iso[5]), second: Number(iso[6] ?? '0'), ms: Number((iso[7] ?? '0').slice(0, 3).padEnd(3, '0')) };
    if (time === null && iso[8] !== undefined) return null;
    return { date, time, offset: iso[8] ?? null };
  }
  const it = locale === 'it' ? ITALIAN_DATE_TIME.exec(t) : null;
  if (it) {
    const date = checkedDate(Number(it[3]), Number(it[2]), Number(it[1]));
    if (!date) return null;
    const time = it[4] === undefined ? null : { hour: Number(it[4]), minute: Number(it[5]), second: Number(it[6] ?? '0'), ms: 0 };
    return { date, time, offset: null };
  }
  return null;
}

/**
 * The instant a person meant, in epoch milliseconds, or null when the text is not one of the forms
 * above or names a date or time that does not exist.
 */
export function parseLocalDateTime(text: string, rules: LocalTimeRules, locale: DateLocale = 'en'): number | null {
  const p = parts(text, locale);
  if (!p) return null;
  const time = p.time ?? {
    hour: Math.floor(rules.openMinute / 60),
    minute: rules.openMinute % 60,
    second: 0,
    ms: 0,
  };
  // 24:00 is the end of a day only as a configured closing time, never as typed input.
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return null;
  if (p.offset !== null) {
    const offset = offsetMinutes(p.offset);
    if (offset === null) return null;
    const utc = new Date(0);
    utc.setUTCFullYear(p.date.year, p.date.month - 1, p.date.day);
    utc.setUTCHours(time.hour, time.minute, time.second, time.ms);
    return utc.getTime() - offset * 60_000;
  }
  const local = DateTime.fromObject(
    { year: p.date.year, month: p.date.month, day: p.date.day, hour: time.hour, minute: time.minute, second: time.second, millisecond: time.ms },
    { zone: rules.timeZone },
  );
  return local.isValid ? local.toMillis() : null;
}

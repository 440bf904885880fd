import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/**
 * The centre's working calendar: which local days are open and which hours count.
 * Every SLA, reminder and digest decision asks this one object.
 *
 * Days are addressed by their "epoch day": the number of days between 1970-01-01 and the local
 * calendar date. Everything about a day (its open/close instants, whether and why it is closed)
 * is computed once with luxon and cached, so working-time arithmetic afterwards is plain number
 * arithmetic over whole intervals.
 */

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // ISO: Monday = 1

export type ExtraClosure =
  | { kind: 'yearly'; month: number; day: number; name: string }
  | { kind: 'once'; date: string; name: string };

export interface HolidayRegion {
  country: string;
  state?: string;
  region?: string;
}

export interface CalendarConfig {
  timeZone: string;
  workingWeekdays: readonly Weekday[];
  /** Minutes after local midnight. */
  openMinute: number;
  /** Minutes after local midnight; 1440 means the end of the day. */
  closeMinute: number;
  holidays: HolidayRegion | null;
  extraClosures: readonly ExtraClosure[];
  /** Language of holiday and weekday names shown in explanations. */
  language: 'en' | 'it';
}

export interface DayInfo {
  epochDay: number;
  isoDate: string;
  weekday: Weekday;
  startMs: number;
  endMs: number;
  open: boolean;
  closedReason: string | null;
  openMs: number;
  closeMs: number;
}

const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 50_000;

const WEEKDAY_NAMES: Record<'en' | 'it', readonly string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  it: ['lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica'],
};

export function epochDayOf(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function isoDateOfEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

const holidayRuleCache = new Map<string, Holidays>();

/** date-holidays rule sets are costly to build and never change: one per region and language. */
function holidayRules(region: HolidayRegion, language: string): Holidays {
  const key = [region.country, region.state ?? '', region.region ?? '', language].join('/');
  let rules = holidayRuleCache.get(key);
  if (!rules) {
    rules = new Holidays(region.country, region.state ?? '', region.region ?? '', { languages: [language], types: ['public'] });
    holidayRuleCache.set(key, rules);
  }
  return rules;
}

export class WorkingCalendar {
  readonly workingDayMs: number;
  private readonly days = new Map<number, DayInfo>();
  private readonly holidayNamesByYear = new Map<number, Map<string, string>>();
  private readonly holidays: Holidays | null;
  private readonly weekdays: ReadonlySet<Weekday>;

  constructor(readonly config: CalendarConfig) {
    if (!(config.openMinute >= 0 && config.openMinute < config.closeMinute && config.closeMinute <= 1440)) {
      throw new Error('working hours must satisfy 00:00 <= open < close <= 24:00');
    }
    if (config.workingWeekdays.length === 0) throw new Error('at least one working weekday is needed');
    if (!DateTime.local().setZone(config.timeZone).isValid) throw new Error(`unknown time zone ${config.timeZone}`);
    this.workingDayMs = (config.closeMinute - config.openMinute) * 60_000;
    this.weekdays = new Set(config.workingWeekdays);
    this.holidays = config.holidays ? holidayRules(config.holidays, config.language) : null;
  }

  get timeZone(): string {
    return this.config.timeZone;
  }

  day(epochDay: number): DayInfo {
    let info = this.days.get(epochDay);
    if (!info) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      info = this.computeDay(epochDay);
      this.days.set(epochDay, info);
    }
    return info;
  }

  /** The local day that contains the instant. */
  dayAt(ms: number): DayInfo {
    let info = this.day(Math.floor(ms / DAY_MS));
    while (ms < info.startMs) info = this.day(info.epochDay - 1);
    while (ms >= info.endMs) info = this.day(info.epochDay + 1);
    return info;
  }

  isWorkingInstant(ms: number): boolean {
    const d = this.dayAt(ms);
    return d.open && ms >= d.openMs && ms < d.closeMs;
  }

  /** The first instant at or after `ms` that lies inside working hours. */
  nextWorkingInstant(ms: number): number {
    let d = this.dayAt(ms);
    for (;;) {
      if (d.open && ms < d.closeMs) return Math.max(ms, d.openMs);
      d = this.day(d.epochDay + 1);
      this.assertReasonableRange(d, ms);
    }
  }

  /** Working time inside [fromMs, toMs). */
  workingMsBetween(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    let total = 0;
    let d = this.dayAt(fromMs);
    while (d.startMs < toMs) {
      if (d.open) {
        const s = Math.max(fromMs, d.openMs);
        const e = Math.min(toMs, d.closeMs);
        if (e > s) total += e - s;
      }
      d = this.day(d.epochDay + 1);
    }
    return total;
  }

  /**
   * The instant at which `workingMs` of working time has elapsed after `fromMs`.
   * Reaching the amount exactly at closing time answers the closing instant, not the next opening.
   */
  addWorkingMs(fromMs: number, workingMs: number): number {
    if (workingMs <= 0) return fromMs;
    let remaining = workingMs;
    let d = this.dayAt(fromMs);
    for (;;) {
      if (d.open) {
        const s = Math.max(fromMs, d.openMs);
        const available = d.closeMs - s;
        if (available > 0) {
          if (remaining <= available) return s + remaining;
          remaining -= available;
        }
      }
      d = this.day(d.epochDay + 1);
      this.assertReasonableRange(d, fromMs);
    }
  }

  /** Closed days whose local date lies between the two instants (both ends included). */
  closedDaysBetween(fromMs: number, toMs: number): DayInfo[] {
    const out: DayInfo[] = [];
    if (toMs < fromMs) return out;
    const last = this.dayAt(toMs).epochDay;
    for (let n = this.dayAt(fromMs).epochDay; n <= last; n++) {
      const d = this.day(n);
      if (!d.open) out.push(d);
    }
    return out;
  }

  private assertReasonableRange(d: DayInfo, fromMs: number): void {
    // A calendar that closes every day (e.g. every weekday listed as an extra closure) would
    // otherwise loop for ever; ten years without an open day is a configuration error.
    if (d.startMs - fromMs > 3660 * DAY_MS) throw new Error('the working calendar has no open day within ten years');
  }

  private computeDay(epochDay: number): DayInfo {
    const isoDate = isoDateOfEpochDay(epochDay);
    const [year, month, dayOfMonth] = isoDate.split('-').map(Number) as [number, number, number];
    const zone = this.config.timeZone;
    const start = DateTime.fromObject({ year, month, day: dayOfMonth }, { zone }).startOf('day');
    const end = start.plus({ days: 1 }).startOf('day');
    const at = (minute: number): number =>
      minute >= 1440
        ? end.toMillis()
        : DateTime.fromObject(
            { year, month, day: dayOfMonth, hour: Math.floor(minute / 60), minute: minute % 60 },
            { zone },
          ).toMillis();
    const weekday = (((epochDay + 3) % 7) + 7) % 7 + 1 as Weekday;
    const closedReason = this.closedReason(isoDate, year, month, dayOfMonth, weekday);
    return {
      epochDay,
      isoDate,
      weekday,
      startMs: start.toMillis(),
      endMs: end.toMillis(),
      open: closedReason === null,
      closedReason,
      openMs: at(this.config.openMinute),
      closeMs: at(this.config.closeMinute),
    };
  }

  private closedReason(isoDate: string, year: number, month: number, day: number, weekday: Weekday): string | null {
    if (!this.weekdays.has(weekday)) return WEEKDAY_NAMES[this.config.language][weekday - 1] ?? null;
    const holiday = this.holidayNames(year).get(isoDate);
    if (holiday) return holiday;
    for (const c of this.config.extraClosures) {
      if (c.kind === 'once' ? c.date === isoDate : c.month === month && c.day === day) return c.name;
    }
    return null;
  }

  private holidayNames(year: number): Map<string, string> {
    let names = this.holidayNamesByYear.get(year);
    if (!names) {
      names = new Map();
      for (const h of this.holidays?.getHolidays(year, this.config.language) ?? []) {
        // Observances (Mother's Day, …) do not close the centre: only type "public" counts.
        if (h.type === 'public') names.set(h.date.slice(0, 10), h.name);
      }
      this.holidayNamesByYear.set(year, names);
    }
    return names;
  }
}

/** The defaults of the specification: Europe/Rome, Mon-Fri 09:00-18:00, Italian holidays, San Siro. */
export const DEFAULT_CALENDAR: CalendarConfig = {
  timeZone: 'Europe/Rome',
  workingWeekdays: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 18 * 60,
  holidays: { country: 'IT' },
  extraClosures: [{ kind: 'yearly', month: 12, day: 9, name: 'San Siro (patron saint of Pavia)' }],
  language: 'en',
};

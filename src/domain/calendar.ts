import Holidays from 'date-holidays';
import { DateTime, IANAZone, Info } from 'luxon';
import { bcp47, type Locale } from '../i18n/locale.js';

/**
 * The centre's working calendar: which local days are open and which hours count.
 * Every SLA, reminder and digest decision asks this one object.
 *
 * Days are addressed by their "epoch day": the number of days between 1970-01-01 and the local
 * calendar date. The calendar is built one local year at a time: each day's open and close instants
 * and, for the year, the working time accumulated before each day. Working time between two instants
 * and "working time after an instant" are then a lookup per year crossed plus a binary search, so
 * their cost grows with the years (and the closed days in them) crossed, never with the distance
 * from an epoch or the number of minutes (SPEC section 3: no input may block the process).
 *
 * The zone's UTC offsets come from its transitions, found once per UTC year by sampling each
 * month's start and bisecting where the offset changes (real zones change at most a few times a
 * year, never twice within a month); local wall-clock times are converted with luxon's own rule, so
 * a time inside a daylight-saving gap moves forward as luxon moves it.
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
  language: Locale;
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
const AVERAGE_YEAR_MS = 31_556_952_000;
/** Date's own range: instants beyond it have no calendar date. */
const MAX_INSTANT_MS = 8.64e15 - 2 * 366 * DAY_MS;
const MAX_CACHED_YEARS = 400;
/** A calendar without an open day in this many years is a configuration error, not a long wait. */
const MAX_EMPTY_YEARS = 10;

export function epochDayOf(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return Math.round(date.getTime() / DAY_MS);
}

export function isoDateOfEpochDay(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  const year = d.getUTCFullYear();
  const y = year < 0 ? `-${String(-year).padStart(6, '0')}` : year > 9999 ? `+${String(year).padStart(6, '0')}` : String(year).padStart(4, '0');
  return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

function yearOfEpochDay(epochDay: number): number {
  return new Date(epochDay * DAY_MS).getUTCFullYear();
}

function firstEpochDayOfYear(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return Math.round(d.getTime() / DAY_MS);
}

function checkInstant(ms: number): void {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_INSTANT_MS) throw new RangeError('instant outside the working calendar');
}

/** The zone's offset during one UTC year: the offset at its start and each change within it. */
interface ZoneYear {
  startMs: number;
  endMs: number;
  startOffsetMinutes: number;
  transitions: { atMs: number; offsetMinutes: number }[];
}

const zoneYearCache = new Map<string, Map<number, ZoneYear>>();

function zoneYear(zone: IANAZone, year: number): ZoneYear {
  let years = zoneYearCache.get(zone.name);
  if (!years) zoneYearCache.set(zone.name, (years = new Map()));
  let zy = years.get(year);
  if (zy) return zy;
  const monthStart = (month: number) => {
    const d = new Date(0);
    d.setUTCFullYear(year, month, 1);
    return d.getTime();
  };
  const samples = Array.from({ length: 13 }, (_, m) => monthStart(m));
  const offsets = samples.map((ms) => zone.offset(ms));
  const transitions: ZoneYear['transitions'] = [];
  for (let m = 0; m < 12; m++) {
    if (offsets[m] === offsets[m + 1]) continue;
    // Bisect to the second: the first instant that has the later offset.
    let lo = samples[m]! / 1000;
    let hi = samples[m + 1]! / 1000;
    const before = offsets[m]!;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offset(mid * 1000) === before) lo = mid;
      else hi = mid;
    }
    transitions.push({ atMs: hi * 1000, offsetMinutes: offsets[m + 1]! });
  }
  zy = { startMs: samples[0]!, endMs: samples[12]!, startOffsetMinutes: offsets[0]!, transitions };
  if (years.size >= MAX_CACHED_YEARS) years.clear();
  years.set(year, zy);
  return zy;
}

const holidayRuleCache = new Map<string, Holidays>();
const holidayYearCache = new Map<string, Map<string, string>>();

/** date-holidays rule sets are costly to build and never change: one per region and language. */
function holidayRules(region: HolidayRegion, language: string): { key: string; rules: Holidays } {
  const key = [region.country, region.state ?? '', region.region ?? '', language].join('/');
  let rules = holidayRuleCache.get(key);
  if (!rules) {
    rules = new Holidays(region.country, region.state ?? '', region.region ?? '', { languages: [language], types: ['public'] });
    holidayRuleCache.set(key, rules);
  }
  return { key, rules };
}

/** A local year: its days and the working time accumulated before each of them. */
interface YearTable {
  firstDay: number;
  days: DayInfo[];
  /** before[i]: working ms of days 0..i-1 of the year; before[days.length] is the year's total. */
  before: Float64Array;
}

export class WorkingCalendar {
  readonly workingDayMs: number;
  private readonly years = new Map<number, YearTable>();
  private readonly holidays: { key: string; rules: Holidays } | null;
  private readonly weekdays: ReadonlySet<Weekday>;
  private readonly weekdayNames: readonly string[];
  private readonly zone: IANAZone;
  /** The zone year of the last offset asked: consecutive questions are nearly always about it. */
  private lastZoneYear: ZoneYear | null = null;

  constructor(readonly config: CalendarConfig) {
    if (!(config.openMinute >= 0 && config.openMinute < config.closeMinute && config.closeMinute <= 1440)) {
      throw new Error('working hours must satisfy 00:00 <= open < close <= 24:00');
    }
    if (config.workingWeekdays.length === 0) throw new Error('at least one working weekday is needed');
    if (!DateTime.local().setZone(config.timeZone).isValid) throw new Error(`unknown time zone ${config.timeZone}`);
    this.zone = IANAZone.create(config.timeZone);
    this.workingDayMs = (config.closeMinute - config.openMinute) * 60_000;
    this.weekdays = new Set(config.workingWeekdays);
    this.holidays = config.holidays ? holidayRules(config.holidays, config.language) : null;
    // The language's own names of the days (luxon, from CLDR), Monday first as luxon numbers them.
    this.weekdayNames = Info.weekdays('long', { locale: bcp47(config.language) });
  }

  get timeZone(): string {
    return this.config.timeZone;
  }

  day(epochDay: number): DayInfo {
    const table = this.year(yearOfEpochDay(epochDay));
    return table.days[epochDay - table.firstDay]!;
  }

  /** The local day that contains the instant. */
  dayAt(ms: number): DayInfo {
    checkInstant(ms);
    let info = this.day(Math.floor((ms + this.offsetMinutes(ms) * 60_000) / DAY_MS));
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
    const d = this.dayAt(ms);
    if (d.open && ms < d.closeMs) return Math.max(ms, d.openMs);
    // The next day with working time: the first whose accumulated total grows past this day's.
    let year = yearOfEpochDay(d.epochDay);
    let table = this.year(year);
    let reached = table.before[d.epochDay - table.firstDay + 1]!;
    for (let empty = 0; ; ) {
      const total = table.before[table.days.length]!;
      if (total > reached) return table.days[this.firstDayEndingAfter(table, reached)]!.openMs;
      if (++empty > MAX_EMPTY_YEARS) throw new Error('the working calendar has no open day within ten years');
      table = this.year(++year);
      reached = 0;
    }
  }

  /**
   * The next opening after `ms`: today's opening while it is still ahead on an open day, else the
   * opening of the next open day (a reminder snoozed "until the next opening").
   */
  nextOpening(ms: number): number {
    const d = this.dayAt(ms);
    if (d.open && ms < d.openMs) return d.openMs;
    return this.nextWorkingInstant(d.endMs);
  }

  /**
   * The earliest instant from which no working time passes until `ms`: `ms` itself inside working
   * hours, else the last closing before it. A running case is breached exactly when its due instant
   * lies before this (elapsed working time past the target), which is how the lists read "breached"
   * from an indexed column. Its cost grows with the closed days crossed.
   */
  workingFloor(ms: number): number {
    let d = this.dayAt(ms);
    if (d.open && ms > d.openMs) return Math.min(ms, d.closeMs);
    for (let closedDays = 0; closedDays <= MAX_EMPTY_YEARS * 366; closedDays++) {
      d = this.day(d.epochDay - 1);
      if (d.open) return d.closeMs;
    }
    throw new Error('the working calendar has no open day within ten years');
  }

  /** Working time inside [fromMs, toMs). */
  workingMsBetween(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    const from = this.position(fromMs);
    const to = this.position(toMs);
    let total = to.workingMs - from.workingMs;
    for (let y = from.year; y < to.year; y++) total += this.yearTotal(y);
    return total;
  }

  /**
   * The instant at which `workingMs` of working time has elapsed after `fromMs`.
   * Reaching the amount exactly at closing time answers the closing instant, not the next opening.
   */
  addWorkingMs(fromMs: number, workingMs: number): number {
    if (workingMs <= 0) return fromMs;
    const from = this.position(fromMs);
    let year = from.year;
    let target = from.workingMs + workingMs;
    for (let empty = 0; ; ) {
      const table = this.year(year);
      const total = table.before[table.days.length]!;
      if (target <= total) {
        const i = this.firstDayEndingAfter(table, target, true);
        return table.days[i]!.openMs + (target - table.before[i]!);
      }
      empty = total > 0 ? 0 : empty + 1;
      if (empty > MAX_EMPTY_YEARS) throw new Error('the working calendar has no open day within ten years');
      target -= total;
      year++;
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

  /** Where an instant lies: its local year and the working time from that year's start to it. */
  private position(ms: number): { year: number; workingMs: number } {
    const d = this.dayAt(ms);
    const year = yearOfEpochDay(d.epochDay);
    const table = this.year(year);
    const within = d.open ? Math.max(0, Math.min(ms, d.closeMs) - d.openMs) : 0;
    return { year, workingMs: table.before[d.epochDay - table.firstDay]! + within };
  }

  /**
   * The first day of the year whose accumulated total at its end exceeds `amount` (or reaches it,
   * when `orEqual`): a binary search over the accumulated totals.
   */
  private firstDayEndingAfter(table: YearTable, amount: number, orEqual = false): number {
    let lo = 0;
    let hi = table.days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const end = table.before[mid + 1]!;
      if (orEqual ? end >= amount : end > amount) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private yearTotal(year: number): number {
    const table = this.year(year);
    return table.before[table.days.length]!;
  }

  private year(year: number): YearTable {
    let table = this.years.get(year);
    if (!table) {
      if (this.years.size >= MAX_CACHED_YEARS) this.years.clear();
      table = this.buildYear(year);
      this.years.set(year, table);
    }
    return table;
  }

  private buildYear(year: number): YearTable {
    const firstDay = firstEpochDayOfYear(year);
    const length = firstEpochDayOfYear(year + 1) - firstDay;
    const holidays = this.holidayNames(year);
    const days: DayInfo[] = [];
    const before = new Float64Array(length + 1);
    for (let i = 0; i < length; i++) {
      const d = this.computeDay(firstDay + i, holidays);
      days.push(d);
      before[i + 1] = before[i]! + (d.open ? Math.max(0, d.closeMs - d.openMs) : 0);
    }
    return { firstDay, days, before };
  }

  private computeDay(epochDay: number, holidays: ReadonlyMap<string, string>): DayInfo {
    const isoDate = isoDateOfEpochDay(epochDay);
    const local = epochDay * DAY_MS;
    const startMs = this.localToUtc(local);
    const endMs = this.localToUtc(local + DAY_MS);
    const at = (minute: number): number => (minute >= 1440 ? endMs : this.localToUtc(local + minute * 60_000));
    const weekday = ((((epochDay + 3) % 7) + 7) % 7) + 1 as Weekday;
    const closedReason = this.closedReason(isoDate, weekday, holidays);
    return {
      epochDay,
      isoDate,
      weekday,
      startMs,
      endMs,
      open: closedReason === null,
      closedReason,
      openMs: at(this.config.openMinute),
      closeMs: at(this.config.closeMinute),
    };
  }

  private closedReason(isoDate: string, weekday: Weekday, holidays: ReadonlyMap<string, string>): string | null {
    if (!this.weekdays.has(weekday)) return this.weekdayNames[weekday - 1] ?? null;
    const holiday = holidays.get(isoDate);
    if (holiday) return holiday;
    const month = Number(isoDate.slice(-5, -3));
    const day = Number(isoDate.slice(-2));
    for (const c of this.config.extraClosures) {
      if (c.kind === 'once' ? c.date === isoDate : c.month === month && c.day === day) return c.name;
    }
    return null;
  }

  private holidayNames(year: number): ReadonlyMap<string, string> {
    if (!this.holidays) return new Map();
    const key = `${this.holidays.key}/${year}`;
    let names = holidayYearCache.get(key);
    if (!names) {
      names = new Map();
      for (const h of this.holidays.rules.getHolidays(year, this.config.language)) {
        // Observances (Mother's Day, …) do not close the centre: only type "public" counts.
        if (h.type === 'public') names.set(h.date.slice(0, 10), h.name);
      }
      if (holidayYearCache.size >= MAX_CACHED_YEARS * 4) holidayYearCache.clear();
      holidayYearCache.set(key, names);
    }
    return names;
  }

  /** The zone's UTC offset at an instant, in minutes. */
  private offsetMinutes(ms: number): number {
    let zy = this.lastZoneYear;
    if (!zy || ms < zy.startMs || ms >= zy.endMs) {
      let year = Math.floor(ms / AVERAGE_YEAR_MS) + 1970;
      zy = zoneYear(this.zone, year);
      while (ms < zy.startMs) zy = zoneYear(this.zone, --year);
      while (ms >= zy.endMs) zy = zoneYear(this.zone, ++year);
      this.lastZoneYear = zy;
    }
    let offset = zy.startOffsetMinutes;
    for (const t of zy.transitions) if (ms >= t.atMs) offset = t.offsetMinutes;
    return offset;
  }

  /** A local wall-clock time (as if it were UTC) to the instant, by luxon's rule for gaps and overlaps. */
  private localToUtc(localMs: number): number {
    const guess = this.offsetMinutes(localMs);
    let utc = localMs - guess * 60_000;
    const o2 = this.offsetMinutes(utc);
    if (guess === o2) return utc;
    utc -= (o2 - guess) * 60_000;
    const o3 = this.offsetMinutes(utc);
    if (o2 === o3) return utc;
    return localMs - Math.min(o2, o3) * 60_000;
  }
}

/** The defaults of the specification: Europe/Rome, Mon-Fri 09:00-18:00, Italian holidays, San Siro. */
export const DEFAULT_CALENDAR: CalendarConfig = {
  timeZone: 'Europe/Rome',
  workingWeekdays: [1, 2, 3, 4, 5],
  openMinute: 9 * 60,
  closeMinute: 18 * 60,
  holidays: { country: 'IT' },
  extraClosures: [{ kind: 'yearly', month: 12, day: 9, name: 'San Siro' }],
  language: 'en',
};

import fc from 'fast-check';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar, type CalendarConfig, type Weekday } from '../../src/domain/calendar.js';
import { dueInstant, elapsedWorkingMs, type Pause } from '../../src/domain/sla.js';

/**
 * A slow, independent reference: walk minute by minute and ask, for each minute, whether its local
 * wall-clock time is inside working hours on an open day and outside every pause.
 */
class MinuteSteppingReference {
  private hours = new Map<number, { minuteOfDayAtHourStart: number; workingDay: boolean }>();
  private closed: Set<string>;

  constructor(private readonly cfg: CalendarConfig) {
    this.closed = new Set(cfg.holidays ? ITALIAN_PUBLIC_HOLIDAYS : []);
    for (let year = 2025; year <= 2029; year++) {
      for (const c of cfg.extraClosures) {
        this.closed.add(c.kind === 'once' ? c.date : `${year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`);
      }
    }
  }

  private isWorkingMinute(ms: number): boolean {
    // The UTC offset of these zones only changes on a whole UTC hour, so local time is looked up
    // once per hour and each minute adds to it.
    const hour = Math.floor(ms / 3_600_000);
    let h = this.hours.get(hour);
    if (!h) {
      const offset = DateTime.fromMillis(hour * 3_600_000, { zone: this.cfg.timeZone }).offset;
      const local = new Date(hour * 3_600_000 + offset * 60_000);
      const weekday = (((local.getUTCDay() + 6) % 7) + 1) as Weekday;
      h = {
        minuteOfDayAtHourStart: local.getUTCHours() * 60 + local.getUTCMinutes(),
        workingDay: this.cfg.workingWeekdays.includes(weekday) && !this.closed.has(local.toISOString().slice(0, 10)),
      };
      this.hours.set(hour, h);
    }
    const minuteOfDay = h.minuteOfDayAtHourStart + (ms - hour * 3_600_000) / 60_000;
    // Asia/Kolkata's half-hour offset makes an hour straddle local midnight.
    if (minuteOfDay >= 1440) return this.isWorkingMinuteSlow(ms);
    return h.workingDay &&
      minuteOfDay >= this.cfg.openMinute && minuteOfDay < this.cfg.closeMinute;
  }

  private isWorkingMinuteSlow(ms: number): boolean {
    const local = DateTime.fromMillis(ms, { zone: this.cfg.timeZone });
    const minuteOfDay = local.hour * 60 + local.minute;
    return (
      this.cfg.workingWeekdays.includes(local.weekday as Weekday) &&
      !this.closed.has(local.toISODate() ?? '') &&
      minuteOfDay >= this.cfg.openMinute &&
      minuteOfDay < this.cfg.closeMinute
    );
  }

  private counts(ms: number, pauses: readonly Pause[]): boolean {
    return this.isWorkingMinute(ms) && !pauses.some((p) => ms >= p.fromMs && ms < (p.toMs ?? Infinity));
  }

  due(startMs: number, pauses: readonly Pause[], targetMinutes: number): number {
    let counted = 0;
    for (let t = startMs; ; t += 60_000) {
      if (this.counts(t, pauses) && ++counted === targetMinutes) return t + 60_000;
    }
  }

  elapsedMinutes(startMs: number, pauses: readonly Pause[], untilMs: number): number {
    let counted = 0;
    for (let t = startMs; t < untilMs; t += 60_000) if (this.counts(t, pauses)) counted++;
    return counted;
  }
}

const ITALIAN_PUBLIC_HOLIDAYS = (() => {
  const hd = new Holidays('IT');
  const dates: string[] = [];
  for (let year = 2025; year <= 2029; year++) {
    for (const h of hd.getHolidays(year)) if (h.type === 'public') dates.push(h.date.slice(0, 10));
  }
  return dates;
})();

const MINUTE = 60_000;
const RANGE_START = Date.UTC(2026, 0, 1) / MINUTE;
const RANGE_END = Date.UTC(2027, 11, 1) / MINUTE;

// Opening and closing times inside the 02:00-03:00 daylight-saving gap/overlap are left out: such a
// wall-clock time does not exist (or exists twice) one day a year, and the calendar documents that it
// follows luxon's rule (shift forward) there rather than the reference's.
const wallMinute = fc.integer({ min: 0, max: 1440 }).filter((m) => m < 120 || m >= 180);

const calendarArb = fc
  .record({
    timeZone: fc.constantFrom('Europe/Rome', 'America/New_York', 'UTC', 'Asia/Kolkata'),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    a: wallMinute,
    b: wallMinute,
    italianHolidays: fc.boolean(),
    yearly: fc.array(fc.record({ month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }), {
      maxLength: 3,
    }),
  })
  .filter((r) => r.a !== r.b)
  .map(
    (r): CalendarConfig => ({
      timeZone: r.timeZone,
      workingWeekdays: r.weekdays as Weekday[],
      openMinute: Math.min(r.a, r.b),
      closeMinute: Math.max(r.a, r.b),
      holidays: r.italianHolidays ? { country: 'IT' } : null,
      extraClosures: r.yearly.map((y) => ({ kind: 'yearly', ...y, name: 'closure' })),
      language: 'en',
    }),
  );

const scenarioArb = fc.record({
  calendar: calendarArb,
  startMinute: fc.integer({ min: RANGE_START, max: RANGE_END }),
  pauses: fc.array(
    fc.record({ offsetMinutes: fc.integer({ min: 0, max: 20 * 1440 }), lengthMinutes: fc.integer({ min: 1, max: 6 * 1440 }), open: fc.boolean() }),
    { maxLength: 3 },
  ),
  targetWorkingMinutes: fc.integer({ min: 1, max: 2 * 1440 }),
  nowOffsetMinutes: fc.integer({ min: 0, max: 30 * 1440 }),
});

describe('SLA engine against a minute-stepping reference', () => {
  it('agrees on the due instant and the elapsed working time for random calendars, starts and pauses', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const cal = new WorkingCalendar(s.calendar);
        const ref = new MinuteSteppingReference(s.calendar);
        const startMs = s.startMinute * MINUTE;
        // Keep the reference affordable: a target bounded by what the calendar offers in ~3 weeks.
        const perDay = s.calendar.closeMinute - s.calendar.openMinute;
        const target = Math.min(s.targetWorkingMinutes, perDay * s.calendar.workingWeekdays.length);
        const pauses: Pause[] = s.pauses.map((p) => ({
          fromMs: startMs + p.offsetMinutes * MINUTE,
          toMs: startMs + (p.offsetMinutes + p.lengthMinutes) * MINUTE,
        }));
        const closedPauses = pauses;
        expect(dueInstant(cal, { startMs, pauses: closedPauses, stopMs: null }, target * MINUTE)).toBe(
          ref.due(startMs, closedPauses, target),
        );
        const openPauses: Pause[] = pauses.map((p, i) => (s.pauses[i]?.open ? { fromMs: p.fromMs, toMs: null } : p));
        const nowMs = startMs + s.nowOffsetMinutes * MINUTE;
        expect(elapsedWorkingMs(cal, { startMs, pauses: openPauses, stopMs: null }, nowMs)).toBe(
          ref.elapsedMinutes(startMs, openPauses, nowMs) * MINUTE,
        );
      }),
      { numRuns: Number(process.env.SLA_PROPERTY_RUNS ?? 2000), seed: Number(process.env.SLA_PROPERTY_SEED ?? 20261126) },
    );
  }, 180_000);
});

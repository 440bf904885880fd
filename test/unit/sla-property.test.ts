import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar, type CalendarConfig, type Weekday } from '../../src/domain/calendar.js';
import { dueInstant, elapsedWorkingMs, type Pause } from '../../src/domain/sla.js';
import { MinuteSteppingReference } from '../support/minute-reference.js';

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

describe('long spans', () => {
  it('a span of more than ten years is computed correctly (working time and the instant it is reached, vs the reference)', () => {
    const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
    const ref = new MinuteSteppingReference(DEFAULT_CALENDAR);
    const startMs = Date.UTC(2026, 0, 5, 9, 17);
    const endMs = Date.UTC(2037, 6, 5, 16, 43);
    const minutes = ref.elapsedMinutes(startMs, [], endMs);
    expect(calendar.workingMsBetween(startMs, endMs)).toBe(minutes * MINUTE);
    expect(calendar.addWorkingMs(startMs, minutes * MINUTE)).toBe(ref.due(startMs, [], minutes));
    const pause: Pause = { fromMs: Date.UTC(2029, 6, 1), toMs: Date.UTC(2030, 1, 1) };
    expect(elapsedWorkingMs(calendar, { startMs, pauses: [pause], stopMs: null }, endMs)).toBe(ref.elapsedMinutes(startMs, [pause], endMs) * MINUTE);
  }, 120_000);
});

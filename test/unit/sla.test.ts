import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { dueInstant, explainSla, slaStatus, type SlaTimeline } from '../../src/domain/sla.js';
import { HOUR, rome, showRome } from '../support/time.js';

const cal = new WorkingCalendar(DEFAULT_CALENDAR);
const TARGET = 5 * 9 * HOUR;
const due = (start: string, pauses: [string, string][] = []): string | null =>
  showRome(
    dueInstant(cal, { startMs: rome(start), pauses: pauses.map(([f, t]) => ({ fromMs: rome(f), toMs: rome(t) })), stopMs: null }, TARGET),
  );

describe('SLA due instant: the worked examples of the specification', () => {
  it('complete Monday 10:00 → due next Monday 10:00', () => {
    expect(due('2026-11-30 10:00')).toBe('Mon 2026-12-07 10:00');
  });
  it('complete Friday 16:00 → due Tuesday 15 Dec 16:00, skipping Immacolata and San Siro', () => {
    expect(due('2026-12-04 16:00')).toBe('Tue 2026-12-15 16:00');
  });
  it('complete Saturday → counting starts Monday 09:00, due Friday 18:00', () => {
    expect(due('2026-11-28 11:00')).toBe('Fri 2026-12-04 18:00');
  });
  it('a pause from Wednesday 15:00 to Monday 11:00 moves the due instant to Friday 15:00', () => {
    expect(due('2026-11-30 10:00', [['2026-12-02 15:00', '2026-12-07 11:00']])).toBe('Fri 2026-12-11 15:00');
  });
});

describe('SLA due instant: edges of the working day', () => {
  it('completion before opening counts from 09:00', () => {
    expect(due('2026-11-30 07:15')).toBe('Fri 2026-12-04 18:00');
  });
  it('completion exactly at opening is the same as before opening', () => {
    expect(due('2026-11-30 09:00')).toBe('Fri 2026-12-04 18:00');
  });
  it('completion exactly at closing counts from the next opening', () => {
    expect(due('2026-11-30 18:00')).toBe('Mon 2026-12-07 18:00');
  });
  it('completion after closing counts from the next opening', () => {
    expect(due('2026-11-30 21:40')).toBe('Mon 2026-12-07 18:00');
  });
  it('completion on Sunday counts from Monday', () => {
    expect(due('2026-11-29 23:59')).toBe('Fri 2026-12-04 18:00');
  });
  it('a pause that starts and ends outside working hours excludes only the working time inside it', () => {
    // Paused Tue 20:00 → Wed 08:00: no working time inside, so nothing moves.
    expect(due('2026-11-30 10:00', [['2026-12-01 20:00', '2026-12-02 08:00']])).toBe('Mon 2026-12-07 10:00');
    // Paused Tue 20:00 → Wed 12:00: three working hours excluded.
    expect(due('2026-11-30 10:00', [['2026-12-01 20:00', '2026-12-02 12:00']])).toBe('Mon 2026-12-07 13:00');
  });
  it('several pauses add up', () => {
    expect(
      due('2026-11-30 10:00', [
        ['2026-11-30 11:00', '2026-11-30 12:00'],
        ['2026-12-01 17:00', '2026-12-02 10:00'],
      ]),
    ).toBe('Mon 2026-12-07 13:00');
  });
});

describe('SLA calendar: closures', () => {
  const holidays2027: [string, string][] = [
    ['2027-01-01', "New Year's Day"],
    ['2027-01-06', 'Epiphany'],
    ['2027-03-29', 'Easter Monday'],
    ['2027-04-25', 'Liberation Day'],
    ['2027-05-01', 'Labour Day'],
    ['2027-06-02', 'Republic Day'],
    ['2027-08-15', 'Assumption'],
    ['2027-10-04', 'Saint Francis'],
    ['2027-11-01', 'All Saints'],
    ['2027-12-08', 'Immaculate Conception'],
    ['2027-12-25', 'Christmas'],
    ['2027-12-26', 'Santo Stefano'],
  ];
  it.each(holidays2027)('%s (%s) is closed', (date) => {
    const d = cal.dayAt(rome(`${date} 12:00`));
    expect(d.open).toBe(false);
    expect(d.closedReason).toBeTruthy();
  });
  it('every Italian public holiday that falls on a weekday pushes the due instant by a day', () => {
    for (const [date] of holidays2027) {
      const noon = rome(`${date} 12:00`);
      const weekday = cal.dayAt(noon).weekday;
      if (weekday > 5) continue;
      // Complete the documentation at 10:00 on the working day before the holiday.
      let before = noon - 24 * HOUR;
      while (!cal.dayAt(before).open) before -= 24 * HOUR;
      const start = cal.dayAt(before).openMs + HOUR;
      const withHoliday = dueInstant(cal, { startMs: start, pauses: [], stopMs: null }, TARGET)!;
      const plain = new WorkingCalendar({ ...DEFAULT_CALENDAR, holidays: null, extraClosures: [] });
      const withoutHoliday = dueInstant(plain, { startMs: start, pauses: [], stopMs: null }, TARGET)!;
      expect(withHoliday, date).toBeGreaterThan(withoutHoliday);
    }
  });
  it('an observance does not close the centre (Mother’s Day is a Sunday observance; Valentine’s Day is open)', () => {
    expect(cal.dayAt(rome('2027-02-15 12:00')).open).toBe(true);
  });
  it('9 December (San Siro) is closed every year', () => {
    expect(cal.dayAt(rome('2026-12-09 12:00')).closedReason).toMatch(/San Siro/);
    expect(cal.dayAt(rome('2027-12-09 12:00')).open).toBe(false);
  });
  it('an extra closure date from configuration closes that day only', () => {
    const withBridge = new WorkingCalendar({
      ...DEFAULT_CALENDAR,
      extraClosures: [...DEFAULT_CALENDAR.extraClosures, { kind: 'once', date: '2026-12-24', name: 'Christmas Eve closure' }],
    });
    expect(withBridge.dayAt(rome('2026-12-24 12:00')).closedReason).toBe('Christmas Eve closure');
    expect(withBridge.dayAt(rome('2027-12-24 12:00')).open).toBe(true);
    expect(showRome(dueInstant(withBridge, { startMs: rome('2026-12-21 10:00'), pauses: [], stopMs: null }, TARGET))).toBe(
      'Wed 2026-12-30 10:00',
    );
  });
});

describe('SLA across daylight-saving changes', () => {
  it('spring forward (29 March 2026): a working day still has 9 hours', () => {
    expect(due('2026-03-27 10:00')).toBe('Fri 2026-04-03 10:00');
    expect(cal.workingMsBetween(rome('2026-03-27 09:00'), rome('2026-03-30 18:00'))).toBe(18 * HOUR);
  });
  it('fall back (25 October 2026): a working day still has 9 hours', () => {
    expect(due('2026-10-23 10:00')).toBe('Fri 2026-10-30 10:00');
    expect(cal.workingMsBetween(rome('2026-10-23 09:00'), rome('2026-10-26 18:00'))).toBe(18 * HOUR);
  });
  it('with a 24-hour calendar the DST days really are 23 and 25 hours long', () => {
    const always = new WorkingCalendar({
      ...DEFAULT_CALENDAR,
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
      openMinute: 0,
      closeMinute: 1440,
      holidays: null,
      extraClosures: [],
    });
    expect(always.workingMsBetween(rome('2026-03-29 00:00'), rome('2026-03-30 00:00'))).toBe(23 * HOUR);
    expect(always.workingMsBetween(rome('2026-10-25 00:00'), rome('2026-10-26 00:00'))).toBe(25 * HOUR);
  });
});

describe('SLA status', () => {
  const timeline = (t: Partial<SlaTimeline>): SlaTimeline => ({ startMs: rome('2026-11-30 10:00'), pauses: [], stopMs: null, ...t });

  it('is not started while the documentation is incomplete', () => {
    expect(slaStatus(cal, timeline({ startMs: null }), rome('2026-12-01 10:00'), TARGET)).toMatchObject({
      state: 'not_started',
      dueAtMs: null,
      remainingWorkingMs: null,
    });
  });
  it('counts remaining working time while running', () => {
    const s = slaStatus(cal, timeline({}), rome('2026-12-01 12:00'), TARGET);
    expect(s.state).toBe('running');
    expect(s.elapsedWorkingMs).toBe(11 * HOUR);
    expect(s.remainingWorkingMs).toBe(34 * HOUR);
  });
  it('is paused during an open pause, and the due instant does not move until it ends', () => {
    const s = slaStatus(cal, timeline({ pauses: [{ fromMs: rome('2026-12-02 15:00'), toMs: null }] }), rome('2026-12-04 12:00'), TARGET);
    expect(s.state).toBe('paused');
    expect(showRome(s.dueAtMs)).toBe('Mon 2026-12-07 10:00');
    expect(s.elapsedWorkingMs).toBe(23 * HOUR);
  });
  it('is breached once the due instant has passed', () => {
    const s = slaStatus(cal, timeline({}), rome('2026-12-07 11:30'), TARGET);
    expect(s.breached).toBe(true);
    expect(s.remainingWorkingMs).toBe(-1.5 * HOUR);
  });
  it('is met when delivered exactly at the due instant, and stops counting', () => {
    const s = slaStatus(cal, timeline({ stopMs: rome('2026-12-07 10:00') }), rome('2026-12-20 10:00'), TARGET);
    expect(s).toMatchObject({ state: 'stopped', breached: false, remainingWorkingMs: 0 });
  });
  it('a correction that moves the receipt instant earlier moves the due instant with it', () => {
    const before = slaStatus(cal, timeline({}), rome('2026-12-01 10:00'), TARGET).dueAtMs;
    const after = slaStatus(cal, timeline({ startMs: rome('2026-11-27 17:00') }), rome('2026-12-01 10:00'), TARGET).dueAtMs;
    expect(showRome(before)).toBe('Mon 2026-12-07 10:00');
    expect(showRome(after)).toBe('Fri 2026-12-04 17:00');
  });
});

describe('SLA explain', () => {
  it('lists the start, each closed day skipped with its name, each pause and the result', () => {
    const { steps } = explainSla(
      cal,
      { startMs: rome('2026-12-04 16:00'), pauses: [{ fromMs: rome('2026-12-10 10:00'), toMs: rome('2026-12-10 12:00') }], stopMs: null },
      rome('2026-12-11 10:00'),
      TARGET,
    );
    expect(steps.map((s) => s.kind)).toEqual([
      'start',
      'closed_day',
      'closed_day',
      'closed_day',
      'closed_day',
      'pause',
      'closed_day',
      'closed_day',
      'due',
    ]);
    const closed = steps.flatMap((s) => (s.kind === 'closed_day' ? [`${s.isoDate} ${s.reason}`] : []));
    expect(closed).toEqual([
      '2026-12-05 Saturday',
      '2026-12-06 Sunday',
      '2026-12-08 Immaculate Conception',
      '2026-12-09 San Siro',
      '2026-12-12 Saturday',
      '2026-12-13 Sunday',
    ]);
    const last = steps[steps.length - 1];
    expect(last?.kind === 'due' && showRome(last.atMs)).toBe('Tue 2026-12-15 18:00');
  });
});

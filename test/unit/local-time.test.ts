import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../src/domain/calendar.js';
import { parseIsoDate, parseLocalDateTime } from '../../src/domain/local-time.js';
import { rome } from '../support/time.js';

const parse = (text: string, locale: 'en' | 'it' = 'en') => parseLocalDateTime(text, DEFAULT_CALENDAR, locale);

describe('date-times as people type them', () => {
  it('reads 2026-12-04 16:00, 2026-12-04T16:00 and 2026-12-04T16:00:00 as Rome time', () => {
    for (const text of ['2026-12-04 16:00', '2026-12-04T16:00', '2026-12-04T16:00:00', ' 2026-12-04T16:00:00.000 ']) {
      expect(parse(text), text).toBe(rome('2026-12-04 16:00'));
    }
  });
  it('honours an offset when one is given', () => {
    expect(parse('2026-12-04T16:00:00+01:00')).toBe(rome('2026-12-04 16:00'));
    expect(parse('2026-12-04T15:00:00Z')).toBe(rome('2026-12-04 16:00'));
    expect(parse('2026-12-04 16:00+0100')).toBe(rome('2026-12-04 16:00'));
    expect(parse('2026-07-04T16:00:00+02:00')).toBe(rome('2026-07-04 16:00'));
  });
  it('a date alone means the opening of that working day', () => {
    expect(parse('2026-11-30')).toBe(rome('2026-11-30 09:00'));
  });
  it('in Italian also 04/12/2026 16:00 (and a date alone)', () => {
    expect(parse('04/12/2026 16:00', 'it')).toBe(rome('2026-12-04 16:00'));
    expect(parse('4/12/2026', 'it')).toBe(rome('2026-12-04 09:00'));
    // In English a slash date is ambiguous (month first or day first): refused rather than guessed.
    expect(parse('04/12/2026 16:00', 'en')).toBeNull();
  });
  it('refuses dates and times that do not exist, and anything else', () => {
    for (const text of ['2026-02-31 10:00', '2026-02-29', '0000-01-01 09:00', '2026-13-01', '2026-12-04 24:00', '2026-12-04 16:60', '31/02/2026 10:00', 'tomorrow', '', '2026-12-04T16:00+25:00', `2026-12-04 16:00${'\u0000'}`]) {
      expect(parse(text, 'it'), JSON.stringify(text)).toBeNull();
    }
    expect(parse('2028-02-29 10:00')).toBe(rome('2028-02-29 10:00'));
  });
  it('calendar dates: 2026-02-31 and year 0 are not dates', () => {
    expect(parseIsoDate('2026-02-31')).toBeNull();
    expect(parseIsoDate('0000-01-01')).toBeNull();
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('0004-02-29')).toEqual({ year: 4, month: 2, day: 29 });
  });
});

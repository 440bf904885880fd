import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { CalendarConfig, Weekday } from '../../src/domain/calendar.js';
import type { Pause } from '../../src/domain/sla.js';

const ITALIAN_PUBLIC_HOLIDAYS = (() => {
  const hd = new Holidays('IT');
  const dates: string[] = [];
  for (let year = 2024; year <= 2038; year++) {
    for (const h of hd.getHolidays(year)) if (h.type === 'public') dates.push(h.date.slice(0, 10));
  }
  return dates;
})();


/**
 * A slow, independent reference: walk minute by minute and ask, for each minute, whether its local
 * wall-clock time is inside working hours on an open day and outside every pause.
 */
export class MinuteSteppingReference {
  private hours = new Map<number, { minuteOfDayAtHourStart: number; workingDay: boolean }>();
  private closed: Set<string>;

  constructor(private readonly cfg: CalendarConfig) {
    this.closed = new Set(cfg.holidays ? ITALIAN_PUBLIC_HOLIDAYS : []);
    for (let year = 2024; year <= 2038; year++) {
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

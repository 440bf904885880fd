import { DateTime, Info, type Zone } from 'luxon';
import { splitWorkingMs } from '../domain/duration.js';
import type { ExplainStep } from '../domain/sla.js';
import type { RefusalReason } from '../domain/refusal.js';
import { NO_CONFIGURED_AREA_LABELS, specialistAreaLabel, type AreaLabels } from './area-labels.js';
import { messages } from './messages.js';
import { bcp47, type Locale } from './locale.js';

/** The format of every instant people read: "Mon 7 Dec 2026 09:30" ("lun 7 dic 2026 09:30"). */
const INSTANT_FORMAT = 'ccc d LLL yyyy HH:mm';
/** luxon's range of valid instants: outside it `toFormat` says "Invalid DateTime". */
const LUXON_MAX_MS = 8.64e15;

/** Weekday (Monday first) and month names as luxon's `ccc` and `LLL` word them, read once per locale. */
const namesByLocale = new Map<Locale, { weekdays: string[]; months: string[] }>();
const zonesByName = new Map<string, Zone>();

function namesOf(locale: Locale): { weekdays: string[]; months: string[] } {
  let names = namesByLocale.get(locale);
  if (!names) {
    names = { weekdays: Info.weekdays('short', { locale: bcp47(locale) }), months: Info.months('short', { locale: bcp47(locale) }) };
    namesByLocale.set(locale, names);
  }
  return names;
}

function zoneOf(name: string): Zone {
  let zone = zonesByName.get(name);
  if (!zone) {
    zone = Info.normalizeZone(name);
    zonesByName.set(name, zone);
  }
  return zone;
}

/** luxon's padding of numbers in formats (`yyyy`, `HH`): zeros after the sign. */
const pad = (n: number, width: number) => (n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0'));

/**
 * Dates and times in the calendar's time zone, in the locale's format (`ccc d LLL yyyy HH:mm`).
 * Exactly what luxon's `toFormat` writes, without its cost on every call (a new locale object,
 * the format parsed, and two more Intl formatting calls for the weekday and month names, which a
 * card needs a few times per request): the zone's offset is luxon's own, the names are luxon's,
 * read once per locale. Anything luxon would call invalid goes to luxon itself.
 */
export function formatInstant(ms: number, locale: Locale, zone: string): string {
  const z = zoneOf(zone);
  const offsetMinutes = z.isValid && Math.abs(ms) <= LUXON_MAX_MS ? z.offset(ms) : NaN;
  const local = new Date(ms + offsetMinutes * 60_000);
  if (Number.isNaN(local.getTime())) return DateTime.fromMillis(ms, { zone, locale: bcp47(locale) }).toFormat(INSTANT_FORMAT);
  const { weekdays, months } = namesOf(locale);
  const weekday = weekdays[(local.getUTCDay() + 6) % 7];
  const month = months[local.getUTCMonth()];
  return `${weekday} ${local.getUTCDate()} ${month} ${pad(local.getUTCFullYear(), 4)} ${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}`;
}

export function formatDate(isoDate: string, locale: Locale): string {
  return DateTime.fromISO(isoDate, { locale: bcp47(locale) }).toFormat('ccc d LLL yyyy');
}

/** "2 working days 3 h" (or "2 giorni lavorativi 3 h"); the sign is the caller's to word. */
export function formatWorkingDuration(ms: number, workingDayMs: number, locale: Locale): string {
  const { days, hours, minutes } = splitWorkingMs(ms, workingDayMs);
  const m = messages(locale).duration;
  // "2 working days 3 h" says "working" once; hours alone say it themselves ("7 working h", never "7 h").
  if (days > 0) return hours > 0 ? `${m.days(days)} ${m.hours(hours)}` : m.days(days);
  if (hours > 0) return minutes > 0 ? `${m.workingHours(hours)} ${m.minutes(minutes)}` : m.workingHours(hours);
  return m.workingMinutes(minutes);
}

export function explainLines(steps: readonly ExplainStep[], workingDayMs: number, locale: Locale, zone: string): string[] {
  const m = messages(locale).explain;
  const closures = messages(locale).closures;
  const at = (ms: number) => formatInstant(ms, locale, zone);
  return steps.map((s) => {
    switch (s.kind) {
      case 'start':
        return s.countsFromMs === s.atMs ? m.start(at(s.atMs)) : m.startLater(at(s.atMs), at(s.countsFromMs));
      case 'closed_day':
        return m.closedDay(formatDate(s.isoDate, locale), closures[s.reason] ?? s.reason);
      case 'pause':
        return m.pause(
          at(s.fromMs),
          s.toMs === null ? null : at(s.toMs),
          formatWorkingDuration(s.workingMsExcluded, workingDayMs, locale),
        );
      case 'stop':
        return m.stop(at(s.atMs));
      case 'due':
        return m.due(at(s.atMs), formatWorkingDuration(s.targetWorkingMs, workingDayMs, locale));
    }
  });
}

/** A pathology or specialist area by its label; one the catalogue does not know by its words ("lung_upper" → "Lung upper"). */
export function areaLabel(id: string, locale: Locale, configured: AreaLabels): string {
  const m = messages(locale);
  const label = specialistAreaLabel(locale, id, { ...m.board.areas, ...m.areas }, configured).replace(/[_-]+/g, ' ').trim();
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A pathology area (of a report): PATHOLOGY_AREAS lists ids only, so the catalogue labels them all. */
export function pathologyAreaLabel(id: string, locale: Locale): string {
  return areaLabel(id, locale, NO_CONFIGURED_AREA_LABELS);
}

/** A refusal in the reader's language, naming specialist areas by their labels. */
export function refusalMessage(reason: RefusalReason, locale: Locale, configured: AreaLabels): string {
  const m = messages(locale);
  return m.refusal(reason, (id) => specialistAreaLabel(locale, id, { ...m.board.areas, ...m.areas }, configured));
}

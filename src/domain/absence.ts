import { DateTime } from 'luxon';
import { Refusal } from './refusal.js';
import { authorise } from './actions.js';
import type { Actor } from './permissions.js';

/**
 * Absence cover (SPEC section 8): while a person is away, suggestions skip them and their reminders
 * go to their cover, or to the coordinators when there is none (or the cover is away too).
 */

export interface Absence {
  userId: string;
  fromMs: number;
  /** Exclusive: the person is back at this instant. */
  toMs: number;
  cover: string | null;
}

export interface AbsenceRequest {
  userId: string;
  fromMs: number;
  toMs: number;
  cover: string | null;
}

/** Absences longer than this are a typo (a year in the wrong place), not a holiday. */
export const LONGEST_ABSENCE_MS = 366 * 86_400_000;

export function isAway(absences: readonly Absence[], userId: string, atMs: number): boolean {
  return activeAbsence(absences, userId, atMs) !== null;
}

export function activeAbsence(absences: readonly Absence[], userId: string, atMs: number): Absence | null {
  return absences.find((a) => a.userId === userId && a.fromMs <= atMs && atMs < a.toMs) ?? null;
}

/** Who reads what is meant for `userId` at `atMs`: the person, their cover, or the coordinators. */
export type Recipient = { to: 'person'; userId: string } | { to: 'cover'; userId: string; absent: string } | { to: 'coordinators'; absent: string };

export function recipientFor(absences: readonly Absence[], userId: string, atMs: number): Recipient {
  const away = activeAbsence(absences, userId, atMs);
  if (!away) return { to: 'person', userId };
  if (away.cover && !isAway(absences, away.cover, atMs)) return { to: 'cover', userId: away.cover, absent: userId };
  return { to: 'coordinators', absent: userId };
}

/**
 * What "I'm back" does (`/so back`, App Home): ends the absence running now; with none running, calls
 * off the next one that has not started yet (the person is not going away after all: the answer says
 * which absence it was, so a slip is seen and recorded again); with neither, nothing.
 */
export type BackDecision<A extends Absence = Absence> = { kind: 'end'; absence: A } | { kind: 'cancel'; absence: A } | { kind: 'none' };

export function decideBack<A extends Absence>(ownAbsences: readonly A[], nowMs: number): BackDecision<A> {
  const running = ownAbsences.find((a) => a.fromMs <= nowMs && nowMs < a.toMs);
  if (running) return { kind: 'end', absence: running };
  const ahead = ownAbsences.filter((a) => a.fromMs > nowMs).sort((a, b) => a.fromMs - b.fromMs)[0];
  return ahead ? { kind: 'cancel', absence: ahead } : { kind: 'none' };
}

/** A doctor records or ends their own absence; a coordinator anybody's. */
export function authoriseAbsence(actor: Actor, absentUserId: string): void {
  authorise(actor, 'record_absence', absentUserId);
}

/**
 * Checks a new absence: a person records their own, a coordinator records one for anybody. It must
 * end after it starts and after now, stay under a year, and not name the absent person as cover.
 */
export function decideAbsence(request: AbsenceRequest, actor: Actor, nowMs: number): AbsenceRequest {
  authoriseAbsence(actor, request.userId);
  if (!Number.isFinite(request.fromMs) || !Number.isFinite(request.toMs)) {
    throw new Refusal('invalid_input', { key: 'invalid_instant' }, { field: 'from' });
  }
  if (request.toMs <= request.fromMs || request.toMs - request.fromMs > LONGEST_ABSENCE_MS) {
    throw new Refusal('invalid_input', { key: 'absence_range' }, { field: 'to' });
  }
  if (request.toMs <= nowMs) throw new Refusal('invalid_input', { key: 'absence_over' }, { field: 'to' });
  if (request.cover === request.userId) throw new Refusal('invalid_input', { key: 'self_cover' }, { field: 'cover' });
  return request;
}

const DATE_FORMATS = ['yyyy-MM-dd', 'dd/MM/yyyy'];
const DATE_TIME_FORMATS = ["yyyy-MM-dd'T'HH:mm", "dd/MM/yyyy'T'HH:mm"];

/**
 * The span of `/so away <from> <to>` as people type it: whole days (`2026-12-07 2026-12-11` is away
 * on the 7th through the 11th inclusive) or instants (`2026-12-07T14:00`), in the calendar's zone.
 * Answers null when either bound is not a date.
 */
export function absenceSpan(fromText: string, toText: string, zone: string): { fromMs: number; toMs: number } | null {
  const read = (text: string, end: boolean): number | null => {
    for (const f of DATE_TIME_FORMATS) {
      const t = DateTime.fromFormat(text, f, { zone });
      if (t.isValid) return t.toMillis();
    }
    for (const f of DATE_FORMATS) {
      const d = DateTime.fromFormat(text, f, { zone });
      if (d.isValid) return (end ? d.plus({ days: 1 }) : d).startOf('day').toMillis();
    }
    return null;
  };
  const fromMs = read(fromText, false);
  const toMs = read(toText, true);
  return fromMs === null || toMs === null ? null : { fromMs, toMs };
}

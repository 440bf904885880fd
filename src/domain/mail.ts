import type { WorkingCalendar } from './calendar.js';
import type { CaseState } from './case.js';
import type { CancelCategory, NewCaseEvent } from './events.js';
import { missingRequired, type ChecklistItemId, type RejectionReason } from './checklist.js';
import type { SlaStatus } from './sla.js';

/**
 * What the applicant is told by e-mail, and when (SPEC section 10). Pure: given a change to a case
 * (its state before and after, the events it appended), the SLA and the calendar, it answers the
 * messages to queue; the mail effect renders them from the catalogue and writes them in the mail
 * outbox in the change's own transaction.
 */

export const MAIL_KINDS = [
  'request_received',
  'documentation_complete',
  'documents_missing',
  'information_request',
  'document_rejected',
  'payment',
  'opinion_sent',
  'cancelled',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Reminder kinds are planned ahead (sent in working hours, collapsing like every repeat); the others go at once. */
export const MAIL_REMINDER_KINDS = ['documents_missing', 'information_request'] as const satisfies readonly MailKind[];

/** "Documents still missing" goes at most this many times (SPEC section 10). */
export const DOCUMENTS_MISSING_MAX = 3;
/** A request for information is followed by at most this many reminders. */
export const INFORMATION_REMINDERS_MAX = 2;

/** The facts a message words; never free text except the question, which is sent as written. */
export type MailFacts =
  | { kind: 'request_received'; received: ChecklistItemId[]; missing: ChecklistItemId[]; expectedCents: number }
  | { kind: 'documentation_complete'; completedAtMs: number; dueAtMs: number; corrected: boolean }
  | { kind: 'documents_missing'; missing: ChecklistItemId[]; createdAtMs: number; reminder: number }
  /** `reminder` 0 is the request itself; 1 and 2 its reminders. */
  | { kind: 'information_request'; question: string; askedAtMs: number; reminder: number }
  | { kind: 'document_rejected'; item: ChecklistItemId; reason: RejectionReason }
  | { kind: 'payment'; mismatch: 'underpaid' | 'overpaid' | null; receivedCents: number; expectedCents: number; valueDate: string }
  /** `courierTracking`: the courier's number for the written report, when it was typed at delivery. */
  | { kind: 'opinion_sent'; deliveredAtMs: number; courierTracking: string | null }
  /** `category`: null for a case cancelled before categories existed (the e-mail then says only that it closed). */
  | { kind: 'cancelled'; category: CancelCategory | null };

export interface MailIntent {
  kind: MailKind;
  /** Unique per case and kind: with them it makes the message go once. */
  occurrence: number;
  /** When it may go (business time); reminders only in working hours. */
  sendAtMs: number;
  /** Reminders of one series collapse: when several are due, only the latest goes. */
  series: string | null;
  facts: MailFacts;
}

/** What was already queued for the case (read from the mail outbox under the case lock). */
export interface MailHistory {
  /** The occurrences queued so far per kind. */
  count(kind: MailKind): number;
  /** The due instant the latest "documentation complete" message gave, if any. */
  lastAnnouncedDueAtMs: number | null;
}

export interface MailChange {
  before: CaseState | null;
  after: CaseState;
  events: readonly NewCaseEvent[];
  /** The whole history, these events included. */
  history: readonly NewCaseEvent[];
  sla: SlaStatus;
  nowMs: number;
}

export interface MailPolicy {
  calendar: WorkingCalendar;
  /** "Documents still missing": after this much working time since creation, then again as often (at most 3). */
  documentsMissingEveryMs: number;
  /** Request reminders: after this much working time without an answer, then once more. */
  informationReminderEveryMs: number;
}

const EPISODE = 10;

/** The messages a change causes now (not the reminders: see `plannedMailReminders`). */
export function mailsOfChange(policy: MailPolicy, change: MailChange, history: MailHistory): MailIntent[] {
  const { after, sla, nowMs } = change;
  const out: MailIntent[] = [];
  const now = (kind: MailKind, occurrence: number, facts: MailFacts) => out.push({ kind, occurrence, sendAtMs: nowMs, series: null, facts });
  for (const e of change.events) {
    switch (e.data.type) {
      case 'case_created':
        now('request_received', 1, {
          kind: 'request_received',
          received: after.checklist.filter((c) => c.status.state === 'received').map((c) => c.item),
          missing: missingRequired(after.checklist),
          expectedCents: after.payment.expectedCents,
        });
        break;
      case 'document_rejected': {
        const rejected = after.checklist.find((c) => c.item === (e.data as { item: ChecklistItemId }).item)?.status;
        if (rejected?.state !== 'rejected') break;
        const nth = change.history.filter((h) => h.data.type === 'document_rejected').indexOf(e) + 1;
        now('document_rejected', nth > 0 ? nth : history.count('document_rejected') + 1, {
          kind: 'document_rejected',
          item: e.data.item,
          reason: rejected.reason as RejectionReason,
        });
        break;
      }
      case 'payment_confirmed':
        now('payment', history.count('payment') + 1, {
          kind: 'payment',
          mismatch: e.data.mismatch,
          receivedCents: e.data.receivedCents,
          expectedCents: after.payment.expectedCents,
          valueDate: e.data.valueDate,
        });
        break;
      case 'info_requested':
        if (e.data.emailApplicant) {
          out.push({
            kind: 'information_request',
            occurrence: after.pauses.length * EPISODE,
            sendAtMs: nowMs,
            series: null,
            facts: { kind: 'information_request', question: e.data.question, askedAtMs: e.effectiveAtMs, reminder: 0 },
          });
        }
        break;
      case 'delivered':
        now('opinion_sent', 1, { kind: 'opinion_sent', deliveredAtMs: e.effectiveAtMs, courierTracking: e.data.courierTracking ?? null });
        break;
      case 'cancelled':
        now('cancelled', 1, { kind: 'cancelled', category: e.data.category ?? null });
        break;
      default:
        break;
    }
  }

  // Documentation complete: when the clock starts, and again when a correction moves the due instant
  // by a working day or more (a pause moving it is not a correction: the request says so itself).
  if (sla.startedAtMs !== null && sla.dueAtMs !== null && sla.state === 'running') {
    const startsNow = change.before === null || !change.before.checklist.every((c) => !c.required || c.status.state === 'received');
    const last = history.lastAnnouncedDueAtMs;
    const pauseChange = change.events.some((e) => e.data.type === 'info_received' || e.data.type === 'info_requested');
    const moved =
      last !== null &&
      !pauseChange &&
      Math.abs(last > sla.dueAtMs ? policy.calendar.workingMsBetween(sla.dueAtMs, last) : policy.calendar.workingMsBetween(last, sla.dueAtMs)) >=
        policy.calendar.workingDayMs;
    if ((startsNow && history.count('documentation_complete') === 0) || moved) {
      now('documentation_complete', history.count('documentation_complete') + 1, {
        kind: 'documentation_complete',
        completedAtMs: sla.startedAtMs,
        dueAtMs: sla.dueAtMs,
        corrected: history.count('documentation_complete') > 0,
      });
    }
  }
  return out;
}

/**
 * The reminders the case should have from now on: documents still missing (after N working days
 * from creation, then every N, at most 3 in all) and the reminders of an e-mailed request for
 * information (after N and 2N working days without an answer). Missed occurrences collapse: of
 * those already due only the latest is planned, with the next one. Each is sent at the next working
 * instant, never outside working hours. Replanned on every change; what drops out is cancelled.
 */
export function plannedMailReminders(policy: MailPolicy, state: CaseState, nowMs: number): MailIntent[] {
  const cal = policy.calendar;
  const out: MailIntent[] = [];
  const series = (kind: MailKind, firstMs: number, everyMs: number, max: number, episode: number, facts: (k: number, dueMs: number) => MailFacts) => {
    const dueOf = (k: number) => cal.addWorkingMs(firstMs, (k - 1) * everyMs);
    const isDue = (k: number) => cal.nextWorkingInstant(dueOf(k)) <= nowMs;
    let latest = 0;
    while (latest < max && isDue(latest + 1)) latest++;
    for (const k of [latest, latest + 1].filter((k) => k >= 1 && k <= max)) {
      out.push({ kind, occurrence: episode * EPISODE + k, sendAtMs: cal.nextWorkingInstant(dueOf(k)), series: `${kind}:${episode}`, facts: facts(k, dueOf(k)) });
    }
  };
  if (state.status === 'delivered' || state.status === 'cancelled') return out;
  const missing = missingRequired(state.checklist);
  if (state.status === 'intake' && missing.length > 0 && policy.documentsMissingEveryMs > 0) {
    const every = policy.documentsMissingEveryMs;
    series('documents_missing', cal.addWorkingMs(state.createdAtMs, every), every, DOCUMENTS_MISSING_MAX, 0, (k) => ({
      kind: 'documents_missing',
      missing,
      createdAtMs: state.createdAtMs,
      reminder: k,
    }));
  }
  const pause = state.pauses.at(-1);
  if (state.status === 'awaiting_info' && pause && policy.informationReminderEveryMs > 0) {
    const asked = [...(state.pendingQuestion === null ? [] : [state.pendingQuestion])];
    const emailed = state.pendingQuestionEmailed;
    if (emailed && asked[0] !== undefined) {
      const every = policy.informationReminderEveryMs;
      series('information_request', cal.addWorkingMs(pause.fromMs, every), every, INFORMATION_REMINDERS_MAX, state.pauses.length, (k) => ({
        kind: 'information_request',
        question: asked[0]!,
        askedAtMs: pause.fromMs,
        reminder: k,
      }));
    }
  }
  return out;
}

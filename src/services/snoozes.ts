import type { Clock } from '../clock.js';
import { authorise } from '../domain/actions.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import {
  GROUPED_DM_KINDS,
  isSnoozable,
  planCaseNotifications,
  reminderDeadline,
  snoozedReminderApplies,
  snoozeUntil,
  type NotificationThresholds,
  type SnoozeChoice,
} from '../domain/notification-policy.js';
import type { Actor } from '../domain/permissions.js';
import { Refusal } from '../domain/refusal.js';
import type { Db } from '../db/database.js';
import { casesRepository } from '../db/repositories/cases.js';
import { notificationsRepository } from '../db/repositories/notifications.js';
import type { CaseService } from './cases.js';
import { snoozerOf, snoozeSubject, type Timers } from './notifications.js';

export interface SnoozeServiceDeps {
  db: Db;
  cases: CaseService;
  calendar: WorkingCalendar;
  clock: Clock;
  thresholds: NotificationThresholds;
  /** The notifications' timers once the job queue exists; without them the sweep sends from PostgreSQL. */
  timers: () => Timers | null;
}

/** What a snooze did: until when, and whether the deadline cut it short; the cases it covers. */
export interface SnoozeOutcome {
  untilMs: number;
  atDeadline: boolean;
  references: string[];
}

/**
 * Snooze on a reminder DM (SPEC section 5): recorded in the `notifications` table as the reminder
 * coming back to the person who snoozed it (subject `snooze:<case>:<user>`, the reminder's kind and
 * occurrence, due at the snooze's end), so the one path that times, sends once and rebuilds every
 * reminder also brings it back. The domain decides until when (`snoozeUntil`) and whether there is
 * still anything to snooze; this writes it, under the case's lock like every change to its reminders.
 */
export class SnoozeService {
  constructor(private readonly deps: SnoozeServiceDeps) {}

  async snooze(by: Actor, notificationId: number, choice: SnoozeChoice): Promise<SnoozeOutcome> {
    authorise(by, 'snooze_reminder');
    const { db, calendar, clock, thresholds, cases } = this.deps;
    const now = clock.now();
    const { outcome, rows } = await db.transaction().execute(async (trx) => {
      const repo = notificationsRepository(trx);
      const reminder = await repo.byId(notificationId);
      if (!reminder || reminder.case_id === null || !isSnoozable(reminder.kind)) throw new Refusal('not_found', { key: 'reminder_over' });
      const kind = reminder.kind;
      // A DM listing several of the holder's cases at one deadline is snoozed for each of them.
      // (A reminder that came back from a snooze listed the cases snoozed to its instant.)
      const listedBy = snoozerOf(reminder.subject) === null ? repo.sameInstantFor : repo.snoozedTo;
      const listed =
        GROUPED_DM_KINDS.includes(kind) && reminder.sla_due_at
          ? (await listedBy(by.id, kind, reminder.due_at.getTime(), reminder.sla_due_at.getTime())).map((c) => c.caseId)
          : [];
      const caseIds = [...new Set([reminder.case_id, ...listed])].sort((a, b) => a - b);
      const written: { id: number; due_at: Date }[] = [];
      const references: string[] = [];
      let clicked: Omit<SnoozeOutcome, 'references'> | null = null;
      for (const caseId of caseIds) {
        // Case rows first, in id order, as every command and dispatch takes them.
        await casesRepository(trx).lockById(caseId);
        const view = await cases.getById(caseId, trx);
        const plan = planCaseNotifications(calendar, thresholds, { state: view.state, sla: view.sla, nowMs: now, targetWorkingMs: cases.targetWorkingMs });
        if (!snoozedReminderApplies(plan, kind, reminder.occurrence)) continue;
        const until = snoozeUntil(calendar, choice, now, reminderDeadline(calendar, kind, view.state, view.sla, reminder.occurrence));
        written.push(await repo.snooze({ caseId, subject: snoozeSubject(caseId, by.id), kind, occurrence: reminder.occurrence, untilMs: until.untilMs }, now));
        // The DM says the instant of the case it was sent for (the cases it lists share their deadline).
        if (clicked === null || caseId === reminder.case_id) clicked = until;
        references.push(view.reference);
      }
      // Claimed, delivered, answered or resumed since: the reminder has nothing left to say.
      if (clicked === null) throw new Refusal('invalid_state', { key: 'reminder_over' });
      return { outcome: { ...clicked, references }, rows: written };
    });
    // After the commit and not awaited, like every timer: Redis is never on the path of an answer, and
    // the sweep sends from PostgreSQL whatever a timer missed.
    void this.deps.timers()?.schedule(rows, now).catch(() => undefined);
    return outcome;
  }
}

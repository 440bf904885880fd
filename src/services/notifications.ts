import type { Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import {
  isCardRefresh,
  isSnoozable,
  planCaseNotifications,
  snoozedReminderApplies,
  reminderFacts,
  type ReminderFacts,
  type CaseNotificationKind,
  type NotificationThresholds,
} from '../domain/notification-policy.js';
import type { Db } from '../db/database.js';
import { caseListsRepository } from '../db/repositories/case-lists.js';
import { casesRepository } from '../db/repositories/cases.js';
import { notificationsRepository } from '../db/repositories/notifications.js';
import { StoredEventError } from '../db/stored-events.js';
import type { Database } from '../db/types.js';
import type { Logger } from '../logger.js';
import type { CaseService, CaseEffect, CaseView } from './cases.js';
import type { Digest, DigestService } from './digest.js';

type Trx = Transaction<Database>;

/** Puts a due notification on its way (e.g. into the Slack outbox) inside the transaction that marks it sent. */
export interface Announcer {
  /**
   * A reminder or escalation: its messages, and the case's card rewritten (time has changed what it
   * says). With `onlyTo`, a snoozed reminder coming back: the DM to that person alone, nothing else.
   */
  announce(trx: Trx, n: { id: number; facts: ReminderFacts; plannedAtMs: number; onlyTo?: string }, view: CaseView): Promise<void>;
  /** A threshold of the card alone (due soon, imminent, breached): the card is rewritten, nobody is told. */
  refreshCard(trx: Trx, view: CaseView): Promise<void>;
  announceDigest(trx: Trx, digestId: number, digest: Digest): Promise<void>;
}

/** Turns planned notification rows into timers (BullMQ delayed jobs); they can always be rebuilt from PostgreSQL. */
export interface Timers {
  /** `nowMs`: the instant the delays count from (the change's own, when set after its commit). */
  schedule(rows: readonly { id: number; due_at: Date }[], nowMs?: number): Promise<void>;
}

export const caseSubject = (caseId: number) => `case:${caseId}`;

/** A snooze's row: one person's reminders about one case (see `SnoozeService`). */
export const snoozeSubject = (caseId: number, userId: string) => `snooze:${caseId}:${userId}`;
export function snoozerOf(subject: string): string | null {
  return /^snooze:\d+:([UW][A-Z0-9]+)$/.exec(subject)?.[1] ?? null;
}

/**
 * Plans, dispatches and recovers notifications. PostgreSQL is the truth: the plan of each case is
 * stored as rows (unique per subject, kind and occurrence), and a row is marked sent in the same
 * transaction that hands its message to the delivery path, so it goes out once however many
 * workers run and however often a job is retried.
 */
export class NotificationService {
  private timers: Timers | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      cases: CaseService;
      digest: DigestService;
      calendar: WorkingCalendar;
      clock: Clock;
      thresholds: NotificationThresholds;
      announcer: Announcer;
      logger: Logger;
      /** Told of each notification once it has gone (committed), e.g. for `/metrics`. */
      onSent?: (n: { kind: string; plannedAtMs: number; sentAtMs: number }) => void;
    },
  ) {}

  useTimers(timers: Timers): void {
    this.timers = timers;
  }

  /** Re-plans a case in the transaction of each change; new timers are set once it has committed. */
  planEffect(): CaseEffect {
    return {
      name: 'plan the case\'s notifications (timers set after commit)',
      // One change or a bank statement's thousands: every plan in one insert and one update.
      inTransactionEach: async (trx, changes) => {
        const now = this.deps.clock.now();
        const latest = new Map(changes.map((c) => [c.view.id, c.view]));
        await notificationsRepository(trx).replacePlans([...latest.values()].map((view) => ({ subject: caseSubject(view.id), caseId: view.id, plan: this.planOf(view, now) })), now);
      },
      afterCommitEach: async (changes) => {
        // Not awaited: Redis is never on the path of an answer. A timer that cannot be set now is set
        // when Redis is back, and the sweep sends from PostgreSQL meanwhile.
        void this.scheduleCases([...new Set(changes.map((c) => c.view.id))], this.deps.clock.now());
      },
    };
  }

  async replan(trx: Trx, view: CaseView) {
    const now = this.deps.clock.now();
    return notificationsRepository(trx).replacePlan(caseSubject(view.id), view.id, this.planOf(view, now), now);
  }

  private planOf(view: CaseView, now: number) {
    const plan = planCaseNotifications(this.deps.calendar, this.deps.thresholds, {
      state: view.state,
      sla: view.sla,
      nowMs: now,
      targetWorkingMs: this.deps.cases.targetWorkingMs,
    });
    return plan.map((p) => ({ kind: p.kind, occurrence: p.occurrence, dueAtMs: p.sendAtMs }));
  }

  /**
   * Sends every planned notification that is due now (or only the one named), after checking it
   * against the case as it is now: one that no longer applies is cancelled, one that moved waits.
   * Answers how many were sent.
   */
  async dispatchDue(onlyId: number | null = null): Promise<number> {
    let sent = 0;
    for (;;) {
      const candidate = await notificationsRepository(this.deps.db).nextDue(this.deps.clock.now(), onlyId);
      if (!candidate || candidate.case_id === null) return sent;
      const outcome = await this.deps.db.transaction().execute(async (trx) => {
        const now = this.deps.clock.now();
        const repo = notificationsRepository(trx);
        // The case row first, as every command on the case does: the two never deadlock, and a
        // second worker on the same notification waits here, then finds it sent.
        await casesRepository(trx).lockById(candidate.case_id!);
        const row = await repo.lockPlanned(candidate.id);
        if (!row || row.case_id === null) return 'skipped' as const;
        const view = await this.readable(() => this.deps.cases.getById(row.case_id!, trx));
        if (!view) {
          // Its history cannot be read: the notification fails (with the reason) instead of blocking the others.
          await repo.fail(row.id, 'case history unreadable');
          return 'skipped' as const;
        }
        const snoozer = snoozerOf(row.subject);
        if (snoozer !== null) return this.comeBack(trx, row, view, snoozer, now);
        const planned = await this.replan(trx, view);
        const stillDue = planned.find((p) => p.id === row.id && p.due_at.getTime() <= now);
        if (!stillDue) return 'skipped' as const;
        if (isCardRefresh(row.kind)) {
          await this.deps.announcer.refreshCard(trx, view);
        } else {
          const facts = reminderFacts(this.deps.calendar, row.kind as CaseNotificationKind, view.state, view.sla, now, row.occurrence);
          await this.deps.announcer.announce(trx, { id: row.id, facts, plannedAtMs: stillDue.due_at.getTime() }, view);
        }
        await repo.mark(row.id, 'sent', now);
        return { caseId: row.case_id, kind: row.kind, plannedAtMs: stillDue.due_at.getTime(), sentAtMs: now };
      });
      if (outcome !== 'skipped') {
        sent++;
        this.deps.onSent?.(outcome);
        await this.scheduleCase(outcome.caseId);
      }
      if (onlyId !== null) return sent;
    }
  }

  /**
   * A snoozed reminder at the end of its snooze: to the person who snoozed it, with the facts of now,
   * if the case's plan still holds it (see `snoozedReminderApplies`); otherwise it is cancelled.
   */
  private async comeBack(
    trx: Trx,
    row: { id: number; kind: string; occurrence: number; due_at: Date },
    view: CaseView,
    snoozer: string,
    now: number,
  ): Promise<'skipped' | { caseId: number; kind: string; plannedAtMs: number; sentAtMs: number }> {
    const repo = notificationsRepository(trx);
    const plan = planCaseNotifications(this.deps.calendar, this.deps.thresholds, { state: view.state, sla: view.sla, nowMs: now, targetWorkingMs: this.deps.cases.targetWorkingMs });
    if (!isSnoozable(row.kind) || !snoozedReminderApplies(plan, row.kind, row.occurrence)) {
      await repo.mark(row.id, 'cancelled', now);
      return 'skipped';
    }
    const facts = reminderFacts(this.deps.calendar, row.kind, view.state, view.sla, now, row.occurrence);
    await this.deps.announcer.announce(trx, { id: row.id, facts, plannedAtMs: row.due_at.getTime(), onlyTo: snoozer }, view);
    await repo.mark(row.id, 'sent', now);
    return { caseId: view.id, kind: `snoozed_${row.kind}`, plannedAtMs: row.due_at.getTime(), sentAtMs: now };
  }

  /** The daily digest, at most once per local date, never on a closed day. Answers whether it went. */
  async sendDigest(): Promise<boolean> {
    const now = this.deps.clock.now();
    const today = this.deps.calendar.dayAt(now);
    if (!today.open) {
      this.deps.logger.info({ date: today.isoDate, reason: 'closed day' }, 'daily digest skipped');
      return false;
    }
    const digest = await this.deps.digest.build();
    return this.deps.db.transaction().execute(async (trx) => {
      const id = await notificationsRepository(trx).claimOnce('digest', 'daily_digest', Number(today.isoDate.replaceAll('-', '')), now);
      if (id === null) return false;
      await this.deps.announcer.announceDigest(trx, id, digest);
      return true;
    }).then((sent) => {
      if (sent) this.deps.onSent?.({ kind: 'daily_digest', plannedAtMs: now, sentAtMs: now });
      return sent;
    });
  }

  /**
   * Rebuilds what Redis may have lost: re-plans every open case from PostgreSQL and sets a timer for
   * every planned notification. Safe to run at any time and from several workers.
   */
  async reconcile(): Promise<{ cases: number; timers: number }> {
    const open = await caseListsRepository(this.deps.db).openCaseIds();
    for (const id of open) {
      // Under the case lock, like every command and dispatch on the case.
      await this.deps.db.transaction().execute(async (trx) => {
        await casesRepository(trx).lockById(id);
        const view = await this.readable(() => this.deps.cases.getById(id, trx));
        if (view) await this.replan(trx, view);
      });
    }
    const planned = await notificationsRepository(this.deps.db).planned(100_000);
    await this.timers?.schedule(planned);
    return { cases: open.length, timers: planned.length };
  }

  /** A case read for a background job; one whose stored history is unreadable is logged and answers null. */
  private async readable<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof StoredEventError)) throw err;
      this.deps.logger.error({ caseId: err.caseId, eventId: err.eventId, problem: err.problem }, 'case history unreadable');
      return null;
    }
  }

  /** Never throws: a timer is an optimisation over the sweep, which reads PostgreSQL. */
  private async scheduleCase(caseId: number, nowMs?: number): Promise<void> {
    await this.scheduleCases([caseId], nowMs);
  }

  /** Sets the timers of these cases' planned notifications (one query for all of them). */
  private async scheduleCases(caseIds: readonly number[], nowMs?: number): Promise<void> {
    if (!this.timers) return;
    try {
      const rows = await notificationsRepository(this.deps.db).plannedOfCases(caseIds);
      await this.timers.schedule(rows, nowMs);
    } catch (err) {
      // Redis down: the periodic sweep and the reconciler send these from PostgreSQL anyway.
      this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err), ...(caseIds.length === 1 ? { caseId: caseIds[0] } : { cases: caseIds.length }) }, 'notification timers not set');
    }
  }
}

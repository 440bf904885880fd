import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { Db } from '../db/database.js';
import { caseListsRepository, type ListInstants, type QueryFilter } from '../db/repositories/case-lists.js';

/** A heading of the Today message: how many cases, and the first few (to name as links). */
export interface TodayList {
  total: number;
  cases: { id: number; reference: string }[];
}

/** The live queue of the triage channel, each open case under its most urgent heading (as in the digest). */
export interface TodayQueue {
  atMs: number;
  isoDate: string;
  breached: TodayList;
  dueSoon: TodayList;
  /** Waiting for a reviewer, neither breached nor due soon. */
  waitingReviewer: TodayList;
  waitingApplicant: TodayList;
}

/** How many references each heading names. */
export const TODAY_LISTED = 5;

/**
 * Reads the Today queue from the derived columns of the case rows (indexed; no history folded): it
 * is read every time the message is refreshed. "Due soon" is the due-soon reminder's threshold
 * (`NOTIFY_DUE_SOON_BEFORE`), so the message changes heading at the instant the planner refreshes it.
 */
export class TodayService {
  constructor(private readonly deps: { db: Db; calendar: WorkingCalendar; clock: Clock; dueSoonMs: number }) {}

  async queue(): Promise<TodayQueue> {
    const nowMs = this.deps.clock.now();
    const { calendar } = this.deps;
    // At its due instant a case is late already, as its card says ("breached: due now"), and the breach
    // reminder that refreshes this message goes at that instant: a due instant equal to the floor counts.
    const at: ListInstants = { nowMs, breachedBeforeMs: calendar.workingFloor(nowMs) + 1, dueSoonUntilMs: calendar.addWorkingMs(nowMs, this.deps.dueSoonMs) };
    const repo = caseListsRepository(this.deps.db);
    const list = async (filter: QueryFilter): Promise<TodayList> => {
      const [total, rows] = await Promise.all([repo.count(filter, '', at), repo.list(filter, '', at, TODAY_LISTED)]);
      return { total, cases: rows.map((r) => ({ id: r.id, reference: r.reference })) };
    };
    const [breached, dueSoon, waitingReviewer, waitingApplicant] = await Promise.all([
      list('breached'),
      list('due'),
      list('unassigned_not_urgent'),
      list('paused'),
    ]);
    return { atMs: nowMs, isoDate: calendar.dayAt(nowMs).isoDate, breached, dueSoon, waitingReviewer, waitingApplicant };
  }
}

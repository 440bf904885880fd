import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { Db } from '../db/database.js';
import { caseListsRepository, type ListInstants, type QueryFilter } from '../db/repositories/case-lists.js';
import type { CaseService, CaseView } from './cases.js';

export interface CasePage {
  total: number;
  items: CaseView[];
}

export interface DoctorLoad {
  userId: string;
  /** The name recorded when the role was granted; null when none was given. */
  name: string | null;
  areas: string[];
  /** Open cases they lead. */
  openCases: number;
  /** Consults they hold and have not answered. */
  openConsults: number;
}

export interface CaseQueriesDeps {
  db: Db;
  cases: CaseService;
  calendar: WorkingCalendar;
  clock: Clock;
}

/** Read-side questions: lists, doctors' loads, what a person's App Home shows. */
export class CaseQueries {
  private readonly repo;

  constructor(private readonly deps: CaseQueriesDeps) {
    this.repo = caseListsRepository(deps.db);
  }

  /** Open cases matching a filter, soonest due first (paused ones: paused longest first). */
  async list(filter: QueryFilter, userId: string, limit = 500): Promise<CaseView[]> {
    return this.deps.cases.viewsOf(await this.repo.list(filter, userId, this.instants(), limit));
  }

  async count(filter: QueryFilter, userId: string): Promise<number> {
    return this.repo.count(filter, userId, this.instants());
  }

  /** The first `limit` cases of a filter and how many there are in all. */
  async page(filter: QueryFilter, userId: string, limit: number): Promise<CasePage> {
    const [total, items] = await Promise.all([this.count(filter, userId), this.list(filter, userId, limit)]);
    return { total, items };
  }

  /** "Breached" starts once working time has passed the due instant; "due soon" ends one working day from now. */
  private instants(): ListInstants {
    const nowMs = this.deps.clock.now();
    return {
      nowMs,
      breachedBeforeMs: this.deps.calendar.workingFloor(nowMs),
      dueSoonUntilMs: this.deps.calendar.addWorkingMs(nowMs, this.deps.calendar.workingDayMs),
    };
  }

  /**
   * Doctors with their load (open cases they lead and consults they hold): those covering the area and
   * present first, then the least loaded. A doctor away now is never suggested and comes last.
   */
  async doctorsFor(area: string | null): Promise<(DoctorLoad & { suggested: boolean; away: boolean })[]> {
    const doctors = (await this.repo.doctorLoads(this.deps.clock.now())).map((r) => ({
      userId: r.userId,
      name: r.displayName,
      areas: r.areas,
      openCases: r.openCases,
      openConsults: r.openConsults,
      away: r.away,
      suggested: area !== null && r.areas.includes(area) && !r.away,
    }));
    return doctors.sort(
      (a, b) =>
        Number(b.suggested) - Number(a.suggested) ||
        Number(a.away) - Number(b.away) ||
        a.openCases + a.openConsults - (b.openCases + b.openConsults) ||
        (a.name ?? '').localeCompare(b.name ?? ''),
    );
  }
}

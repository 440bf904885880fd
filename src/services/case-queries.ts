import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { OPEN_STATUSES } from '../domain/case.js';
import type { Db } from '../db/database.js';
import type { CaseService, CaseView } from './cases.js';

export const LIST_FILTERS = ['all', 'mine', 'unassigned', 'due', 'breached', 'paused', 'intake'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
/** Filters of `/so list`, plus the coordinator's two intake queues. */
export type QueryFilter = ListFilter | 'waiting_documents' | 'waiting_payment';

export interface CasePage {
  total: number;
  items: CaseView[];
}

export interface DoctorLoad {
  userId: string;
  name: string;
  areas: string[];
  openCases: number;
}

/** Read-side questions: lists, doctors' loads, what a person's App Home shows. */
export class CaseQueries {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
  ) {}

  /** Open cases matching a filter, soonest due first (paused ones: paused longest first). */
  async list(filter: QueryFilter, userId: string, limit = 500): Promise<CaseView[]> {
    const ordered =
      filter === 'paused'
        ? this.filtered(filter, userId).orderBy('paused_since')
        : this.filtered(filter, userId).orderBy(sql`sla_due_at asc nulls last`);
    const rows = await ordered.selectAll().orderBy('id').limit(limit).execute();
    return this.cases.viewsOf(rows);
  }

  async count(filter: QueryFilter, userId: string): Promise<number> {
    const row = await this.filtered(filter, userId)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The first `limit` cases of a filter and how many there are in all. */
  async page(filter: QueryFilter, userId: string, limit: number): Promise<CasePage> {
    const [total, items] = await Promise.all([this.count(filter, userId), this.list(filter, userId, limit)]);
    return { total, items };
  }

  /**
   * The filters as index-friendly conditions on the derived columns. "Breached" is exact without
   * folding any history: a running case is breached exactly when its due instant has passed. A
   * paused case waits under "paused", whatever its due instant said before the pause.
   */
  private filtered(filter: QueryFilter, userId: string) {
    const now = new Date(this.clock.now());
    const q = this.db.selectFrom('cases').where('status', 'in', [...OPEN_STATUSES]);
    switch (filter) {
      case 'mine':
        return q.where('assignee', '=', userId);
      case 'unassigned':
        return q.where('status', '=', 'ready');
      case 'paused':
        return q.where('status', '=', 'awaiting_info');
      case 'intake':
        return q.where('status', '=', 'intake');
      case 'waiting_documents':
        return q.where('status', '=', 'intake').where('docs_completed_at', 'is', null);
      case 'waiting_payment':
        // Complete cases whose payment is still to confirm, whoever holds them: review runs beside it.
        return q.where('docs_completed_at', 'is not', null).where('payment_state', '=', 'pending');
      case 'due':
        return q
          .where('status', '<>', 'awaiting_info')
          .where('sla_due_at', '>', now)
          .where('sla_due_at', '<=', new Date(this.calendar.addWorkingMs(now.getTime(), this.calendar.workingDayMs)));
      case 'breached':
        return q.where('status', '<>', 'awaiting_info').where('sla_due_at', '<', now);
      case 'all':
        return q;
    }
  }

  /** Doctors with their open cases, those covering the area first, then the least loaded. */
  async doctorsFor(pathologyArea: string | null): Promise<(DoctorLoad & { suggested: boolean })[]> {
    const rows = await this.db
      .selectFrom('staff_roles as s')
      .leftJoin('cases as c', (join) =>
        join.onRef('c.assignee', '=', 's.slack_user_id').on('c.status', 'in', [...OPEN_STATUSES]),
      )
      .select(['s.slack_user_id', 's.display_name', 's.areas', (eb) => eb.fn.count<string>('c.id').as('open')])
      .where('s.role', '=', 'doctor')
      .groupBy(['s.slack_user_id', 's.display_name', 's.areas'])
      .execute();
    const doctors = rows.map((r) => ({
      userId: r.slack_user_id,
      name: r.display_name ?? r.slack_user_id,
      areas: r.areas,
      openCases: Number(r.open),
      suggested: pathologyArea !== null && r.areas.includes(pathologyArea),
    }));
    return doctors.sort(
      (a, b) => Number(b.suggested) - Number(a.suggested) || a.openCases - b.openCases || a.name.localeCompare(b.name),
    );
  }
}

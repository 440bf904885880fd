import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { OPEN_STATUSES } from '../domain/case.js';
import type { Db } from '../db/database.js';
import type { CaseService, CaseView } from './cases.js';

export const LIST_FILTERS = ['all', 'mine', 'unassigned', 'due', 'breached', 'paused', 'intake'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

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

  /** Open cases matching a filter, soonest due first. The SLA of each is computed, not read from columns. */
  async list(filter: ListFilter, userId: string, limit = 500): Promise<CaseView[]> {
    const now = this.clock.now();
    let q = this.db.selectFrom('cases').selectAll().where('status', 'in', [...OPEN_STATUSES]);
    switch (filter) {
      case 'mine':
        q = q.where('assignee', '=', userId);
        break;
      case 'unassigned':
        q = q.where('status', '=', 'ready');
        break;
      case 'paused':
        q = q.where('status', '=', 'awaiting_info');
        break;
      case 'intake':
        q = q.where('status', '=', 'intake');
        break;
      case 'due':
        q = q
          .where('status', '<>', 'awaiting_info')
          .where('sla_due_at', '>', new Date(now))
          .where('sla_due_at', '<=', new Date(this.calendar.addWorkingMs(now, this.calendar.workingDayMs)));
        break;
      case 'breached':
        // A due instant in the past is necessary for a breach; paused cases are checked exactly below.
        q = q.where('sla_due_at', '<', new Date(now));
        break;
      case 'all':
        break;
    }
    const rows = await q.orderBy(sql`sla_due_at asc nulls last`).orderBy('id').limit(limit).execute();
    const views = await this.cases.viewsOf(rows);
    return filter === 'breached' ? views.filter((v) => v.sla.breached) : views;
  }

  async countOpen(): Promise<number> {
    const row = await this.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirstOrThrow();
    return Number(row.n);
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

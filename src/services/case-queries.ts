import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { OPEN_STATUSES } from '../domain/case.js';
import type { Db } from '../db/database.js';
import type { CaseService, CaseView } from './cases.js';

export const LIST_FILTERS = ['all', 'mine', 'unassigned', 'due', 'breached', 'paused', 'intake'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
/** Filters of `/so list`, plus the coordinator's two intake queues. */
export type QueryFilter = ListFilter | 'waiting_documents' | 'waiting_payment' | 'claimable';

export interface CasePage {
  total: number;
  items: CaseView[];
}

export interface DoctorLoad {
  userId: string;
  /** The name recorded when the role was granted; null when none was given. */
  name: string | null;
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
      case 'claimable':
        // Waiting for a reviewer, in one of this doctor's areas.
        return q
          .where('status', '=', 'ready')
          .where('assignee', 'is', null)
          .where('pathology_area', 'in', (eb) =>
            eb
              .selectFrom('staff_roles')
              .select(sql<string>`unnest(areas)`.as('area'))
              .where('slack_user_id', '=', userId)
              .where('role', '=', 'doctor'),
          );
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

  /**
   * Doctors with their load (open cases they lead and consults they hold): those covering the area and
   * present first, then the least loaded. A doctor away now is never suggested and comes last.
   */
  async doctorsFor(area: string | null): Promise<(DoctorLoad & { suggested: boolean; away: boolean })[]> {
    const now = new Date(this.clock.now());
    const rows = await this.db
      .selectFrom('staff_roles as s')
      .select((eb) => [
        's.slack_user_id',
        's.display_name',
        's.areas',
        eb
          .selectFrom('cases as c')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('c.assignee', '=', 's.slack_user_id')
          .where('c.status', 'in', [...OPEN_STATUSES])
          .as('open'),
        eb
          .selectFrom('case_consults as k')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('k.assignee', '=', 's.slack_user_id')
          .where('k.state', 'in', ['open', 'claimed'])
          .as('consults'),
        eb
          .exists(
            eb
              .selectFrom('absences as a')
              .select('a.id')
              .whereRef('a.slack_user_id', '=', 's.slack_user_id')
              .where('a.starts_at', '<=', now)
              .where('a.ends_at', '>', now),
          )
          .as('away'),
      ])
      .where('s.role', '=', 'doctor')
      .execute();
    const doctors = rows.map((r) => ({
      userId: r.slack_user_id,
      name: r.display_name,
      areas: r.areas,
      openCases: Number(r.open ?? 0) + Number(r.consults ?? 0),
      away: Boolean(r.away),
      suggested: area !== null && r.areas.includes(area) && !r.away,
    }));
    return doctors.sort(
      (a, b) =>
        Number(b.suggested) - Number(a.suggested) ||
        Number(a.away) - Number(b.away) ||
        a.openCases - b.openCases ||
        (a.name ?? '').localeCompare(b.name ?? ''),
    );
  }
}

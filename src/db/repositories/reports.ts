import { sql, type Transaction } from 'kysely';
import { OPEN_STATUSES } from '../../domain/case.js';
import type { Db } from '../database.js';
import type { Database } from '../types.js';

type Executor = Db | Transaction<Database>;

/** Which rows a figure groups: the whole period, one pathology area or one doctor. */
export type FigureScope = 'all' | 'area' | 'doctor';

export interface DeliveredFigures {
  scope: FigureScope;
  /** The area id or the doctor's Slack user id; null for `all` (and for delivered cases nobody held). */
  key: string | null;
  delivered: number;
  onTime: number;
  p50ElapsedSeconds: number | null;
  p90ElapsedSeconds: number | null;
  pauses: number;
  pausedSeconds: number;
}

export interface OpenFigures {
  scope: FigureScope;
  key: string | null;
  open: number;
  breached: number;
}

export interface WeeklyCounts {
  /** Per week start (ms): cases delivered in the week and how many of them on time. */
  delivered: Map<number, { delivered: number; onTime: number }>;
  /** Cases created since each week end, and closed (delivered or cancelled) since each week end. */
  createdSince: number[];
  closedSince: number[];
  openNow: number;
}

/** Open and not paused: written out as `cases_running_idx`'s predicate is, so PostgreSQL uses it. */
const RUNNING = sql.join(OPEN_STATUSES.filter((s) => s !== 'awaiting_info').map((s) => sql.lit(s)));

/** Element i: the sum of elements i.. of `counts`. */
function suffixSums(counts: readonly number[]): number[] {
  const sums = [...counts];
  for (let i = sums.length - 2; i >= 0; i--) sums[i]! += sums[i + 1]!;
  return sums;
}

function scopeOf(r: { by_area: number; by_doctor: number }): FigureScope {
  if (r.by_area === 0) return 'area';
  if (r.by_doctor === 0) return 'doctor';
  return 'all';
}

/**
 * The queries of the SLA report and its weekly chart. Every figure comes from the derived columns the
 * case service recomputes from the SLA clock on every event (`sla_elapsed_seconds`, `sla_breached`,
 * `sla_paused_seconds`, `pause_count`, `closed_at`), read through partial indexes on `closed_at` and
 * the running cases' due instants, and from the open cases' tallies PostgreSQL keeps, so a report
 * costs the cases of its period (and those breached now), not the size of the history.
 */
export function reportsRepository(db: Executor) {
  return {
    /** Cases delivered in [fromMs, toMs): in all, by area and by doctor, in one pass. */
    async delivered(fromMs: number, toMs: number): Promise<DeliveredFigures[]> {
      const { rows } = await sql<{
        by_area: number;
        by_doctor: number;
        pathology_area: string | null;
        assignee: string | null;
        delivered: number;
        on_time: number;
        p50: number | null;
        p90: number | null;
        pauses: number;
        paused_seconds: string;
      }>`
        SELECT grouping(pathology_area) AS by_area, grouping(assignee) AS by_doctor, pathology_area, assignee,
          count(*)::int AS delivered,
          (count(*) FILTER (WHERE NOT sla_breached))::int AS on_time,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY sla_elapsed_seconds) AS p50,
          percentile_cont(0.9) WITHIN GROUP (ORDER BY sla_elapsed_seconds) AS p90,
          coalesce(sum(pause_count), 0)::int AS pauses,
          coalesce(sum(sla_paused_seconds), 0)::bigint AS paused_seconds
        FROM cases
        WHERE status = 'delivered' AND closed_at >= ${new Date(fromMs)} AND closed_at < ${new Date(toMs)}
        GROUP BY GROUPING SETS ((), (pathology_area), (assignee))
      `.execute(db);
      return rows.map((r) => {
        const scope = scopeOf(r);
        return {
          scope,
          key: scope === 'area' ? r.pathology_area : scope === 'doctor' ? r.assignee : null,
          delivered: r.delivered,
          onTime: r.on_time,
          p50ElapsedSeconds: r.p50 === null ? null : Number(r.p50),
          p90ElapsedSeconds: r.p90 === null ? null : Number(r.p90),
          pauses: r.pauses,
          pausedSeconds: Number(r.paused_seconds),
        };
      });
    },

    /**
     * Open cases now, and those breached now: running past their due instant (a paused case waits
     * under "paused", as in every list), in all, by area and by doctor. `breachedBeforeMs`: the
     * calendar's working floor of now (a due instant before it has been passed by working time, as the
     * lists read it). Open: the open cases' tallies; breached: the running cases' index
     * (`cases_running_idx`, carrying area and doctor); one statement, so both are of one snapshot.
     */
    async openNow(breachedBeforeMs: number): Promise<OpenFigures[]> {
      const { rows } = await sql<{
        by_area: number;
        by_doctor: number;
        pathology_area: string | null;
        assignee: string | null;
        open: number;
        breached: number;
      }>`
        WITH open AS (
          SELECT grouping(pathology_area) AS by_area, grouping(assignee) AS by_doctor, pathology_area, assignee, sum(n)::int AS open
          FROM open_case_tallies
          GROUP BY GROUPING SETS ((), (pathology_area), (assignee))
          HAVING sum(n) > 0
        ), breached AS (
          SELECT grouping(pathology_area) AS by_area, grouping(assignee) AS by_doctor, pathology_area, assignee, count(*)::int AS breached
          FROM cases
          WHERE status IN (${RUNNING}) AND sla_due_at < ${new Date(breachedBeforeMs)}
          GROUP BY GROUPING SETS ((), (pathology_area), (assignee))
        )
        SELECT o.by_area, o.by_doctor, o.pathology_area, o.assignee, o.open, coalesce(b.breached, 0) AS breached
        FROM open o LEFT JOIN breached b ON b.by_area = o.by_area AND b.by_doctor = o.by_doctor
          AND b.pathology_area IS NOT DISTINCT FROM o.pathology_area AND b.assignee IS NOT DISTINCT FROM o.assignee
      `.execute(db);
      return rows.map((r) => {
        const scope = scopeOf(r);
        return { scope, key: scope === 'area' ? r.pathology_area : scope === 'doctor' ? r.assignee : null, open: r.open, breached: r.breached };
      });
    },

    /**
     * What the weekly chart needs, reading only the weeks' own cases: open at a week's end = open now
     * − created since + closed since (a case created and closed since counts in both and cancels out).
     */
    async weekly(weeks: readonly { startMs: number; endMs: number }[]): Promise<WeeklyCounts> {
      const first = weeks[0];
      if (!first) return { delivered: new Map(), createdSince: [], closedSince: [], openNow: 0 };
      const starts = sql.join(weeks.map((w) => sql`${new Date(w.startMs)}::timestamptz`));
      const weekEnds = sql.join(weeks.map((w) => sql`${new Date(w.endMs)}::timestamptz`));
      const ends = weeks.map((w) => w.endMs);
      const [delivered, between, open] = await Promise.all([
        // One range of the covering index per week (a join on the week's bounds is planned as a scan
        // of every delivered case). A week ends where the next begins, 167 or 169 hours when the clocks change.
        sql<{ week_start: Date; delivered: number; on_time: number }>`
          SELECT w.start AS week_start, d.delivered, d.on_time
          FROM unnest(ARRAY[${starts}], ARRAY[${weekEnds}]) AS w(start, stop)
          CROSS JOIN LATERAL (
            SELECT count(*)::int AS delivered, (count(*) FILTER (WHERE NOT c.sla_breached))::int AS on_time
            FROM cases c WHERE c.status = 'delivered' AND c.closed_at >= w.start AND c.closed_at < w.stop
          ) d
          WHERE d.delivered > 0
        `.execute(db),
        // Cases created, and closed, between consecutive week ends (and after the last), each case
        // counted once; "since a week end" is the sum of the later ones. Created: whole hours from the
        // tallies PostgreSQL keeps (case_created_hours), a part of an hour at either end from the index
        // (none where the zone's offset is whole hours). Closed: the index (a few weeks of closings).
        sql<{ created: number; closed: number }>`
          SELECT
            ((SELECT count(*) FROM cases WHERE created_at >= b.lo AND created_at < least(d.first, b.hi))
              + (SELECT coalesce(sum(n), 0) FROM case_created_hours WHERE hour >= d.first AND hour < d.last)
              + (SELECT count(*) FROM cases WHERE created_at >= greatest(d.last, least(d.first, b.hi)) AND created_at < b.hi)
            )::int AS created,
            (SELECT count(*) FROM cases WHERE closed_at >= b.lo AND closed_at < b.hi)::int AS closed
          FROM unnest(ARRAY[${sql.join(ends.map((e) => sql`${new Date(e)}::timestamptz`))}],
                      ARRAY[${sql.join(ends.slice(1).map((e) => sql`${new Date(e)}::timestamptz`))}${ends.length > 1 ? sql`, ` : sql``}'infinity'::timestamptz])
            WITH ORDINALITY AS b(lo, hi, i)
          -- The first whole hour at or after the range's start, the last at or before its end.
          CROSS JOIN LATERAL (
            SELECT CASE WHEN date_trunc('hour', b.lo, 'UTC') = b.lo THEN b.lo ELSE date_trunc('hour', b.lo, 'UTC') + interval '1 hour' END AS first,
                   date_trunc('hour', b.hi, 'UTC') AS last
          ) d
          ORDER BY b.i
        `.execute(db),
        sql<{ n: number }>`SELECT coalesce(sum(n), 0)::int AS n FROM open_case_tallies`.execute(db),
      ]);
      return {
        delivered: new Map(delivered.rows.map((r) => [r.week_start.getTime(), { delivered: r.delivered, onTime: r.on_time }])),
        createdSince: suffixSums(between.rows.map((r) => r.created)),
        closedSince: suffixSums(between.rows.map((r) => r.closed)),
        openNow: open.rows[0]?.n ?? 0,
      };
    },

    /** Names captured when roles were granted, for the doctors a report names. */
    async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
      if (userIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('staff_roles')
        .select(['slack_user_id', 'display_name'])
        .where('slack_user_id', 'in', userIds)
        .where('display_name', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.slack_user_id, r.display_name!]));
    },
  };
}

import { sql } from 'kysely';
import pg from 'pg';
import type { NewCaseEvent } from '../../domain/events.js';
import type { Db } from '../database.js';
import { prepared } from '../prepared.js';
import { caseNameKeys } from '../../domain/transfer-text.js';
import { parseStoredEvent, storedEventData, StoredEventError } from '../stored-events.js';
import type { CaseRow } from '../types.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../types.js';
import {
  detailRows,
  newCaseColumns,
  personalDataColumns,
  projectionColumns,
  type CaseDetails,
  type ChecklistRow,
  type ConsultRow,
  type PaymentRow,
  type CaseNumber,
  type DerivedCase,
  type NewPersonalData,
} from './case-columns.js';

export type { CaseDetails, CaseNumber, DerivedCase, NewPersonalData } from './case-columns.js';

type Executor = Db | Transaction<Database>;

/** One event of a history read as JSON: the columns of `case_events`, its instants as PostgreSQL writes them. */
interface HistoryEntry {
  id: number;
  actor: string;
  effective_at: string;
  recorded_at: string;
  reason: string | null;
  data: unknown;
}

/**
 * The case by reference, its card's permalink and its history as JSON (`/so status` answers with it in
 * its acknowledgement): compiled once (see prepared.ts). Instants as text, the very text PostgreSQL
 * sends for a timestamptz column, read by the same parser as every other timestamptz.
 */
const caseWithHistory = prepared((db: Kysely<Database>, reference: string) =>
  db
    .selectFrom('cases')
    .leftJoin('slack_cards as card', 'card.case_id', 'cases.id')
    .selectAll('cases')
    .select([
      'card.permalink as card_permalink',
      sql<HistoryEntry[]>`(
        SELECT coalesce(json_agg(json_build_object(
          'id', e.id, 'actor', e.actor, 'effective_at', e.effective_at::text, 'recorded_at', e.recorded_at::text,
          'reason', e.reason, 'data', e.data) ORDER BY e.id), '[]')
        FROM case_events e WHERE e.case_id = cases.id)`.as('history'),
    ])
    .where('cases.reference', '=', reference),
);

/** node-postgres's own reading of a timestamptz, so an instant read from JSON is the Date a column gives. */
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/** Queries over cases and their history. No business rules here: the services decide. */
export function casesRepository(db: Executor) {
  /**
   * The histories of several cases, each parsed on its own: a case whose history holds an unreadable
   * event answers that error, and the others are read as usual.
   */
  async function eventsOf(caseIds: readonly number[]): Promise<Map<number, NewCaseEvent[] | StoredEventError>> {
    const out = new Map<number, NewCaseEvent[] | StoredEventError>();
    if (caseIds.length === 0) return out;
    const rows = await db
      .selectFrom('case_events')
      .select(['id', 'case_id', 'actor', 'effective_at', 'recorded_at', 'reason', 'data'])
      .where('case_id', 'in', caseIds)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.case_id) ?? [];
      if (list instanceof StoredEventError) continue;
      try {
        list.push(parseStoredEvent(r));
        out.set(r.case_id, list);
      } catch (err) {
        if (!(err instanceof StoredEventError)) throw err;
        out.set(r.case_id, err);
      }
    }
    return out;
  }

  /** The events of several cases in one insert (per 5,000 rows), each case's in the order given. */
  async function appendEventsOf(lists: readonly { caseId: number; events: readonly NewCaseEvent[] }[]): Promise<void> {
    const rows = lists.flatMap((l) =>
      l.events.map((e) => ({
        case_id: l.caseId,
        type: e.data.type,
        actor: e.actor,
        effective_at: new Date(e.effectiveAtMs),
        recorded_at: new Date(e.recordedAtMs),
        reason: e.reason,
        data: storedEventData(e.data),
      })),
    );
    for (const chunk of chunks(rows, 5_000)) await db.insertInto('case_events').values(chunk).execute();
  }

  return {
    /** Next number of the year's sequence; the row lock serialises concurrent creations, a rollback leaves no gap. */
    async nextSequence(year: number): Promise<number> {
      const row = await db
        .insertInto('reference_counters')
        .values({ year, last_value: 1 })
        .onConflict((oc) => oc.column('year').doUpdateSet({ last_value: sql`reference_counters.last_value + 1` }))
        .returning('last_value')
        .executeTakeFirstOrThrow();
      return row.last_value;
    },

    /** Stores a new case under its number, with the facts it was created with and its derived columns. */
    async insertCase(number: CaseNumber, externalId: string | null, derived: DerivedCase): Promise<number> {
      const { id } = await db.insertInto('cases').values(newCaseColumns(number, externalId, derived)).returning('id').executeTakeFirstOrThrow();
      return id;
    },

    async insertPersonalData(caseId: number, data: NewPersonalData): Promise<void> {
      const row = personalDataColumns(caseId, data);
      // The names as keys, so a bank credit naming this patient finds the case (SPEC section 11).
      await db
        .insertInto('case_personal_data')
        .values({ ...row, name_keys: caseNameKeys(row.patient_name, row.applicant_name) })
        .execute();
    },

    async personalData(caseId: number) {
      return db.selectFrom('case_personal_data').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    },

    async appendEvents(caseId: number, events: readonly NewCaseEvent[]): Promise<void> {
      await appendEventsOf([{ caseId, events }]);
    },

    appendEventsOf,

    /** One case's history; throws a StoredEventError when an event of it cannot be read. */
    async events(caseId: number): Promise<NewCaseEvent[]> {
      const history = (await eventsOf([caseId])).get(caseId) ?? [];
      if (history instanceof StoredEventError) throw history;
      return history;
    },

    eventsOf,

    /**
     * A case, its whole history and its card's permalink in one query (one round trip), for answers that
     * ride in an acknowledgement (`/so status`). One row: the history comes as a JSON array (a join would
     * repeat the case's ~30 columns on every event's row, each parsed again); a case without events yet
     * still comes back. An unreadable history comes back as its StoredEventError.
     */
    async findWithHistory(reference: string): Promise<{ row: CaseRow; events: NewCaseEvent[] | StoredEventError; permalink: string | null } | undefined> {
      const found = (await caseWithHistory(db, reference)).rows[0];
      if (!found) return undefined;
      const { card_permalink, history, ...row } = found;
      let events: NewCaseEvent[] | StoredEventError;
      try {
        events = history.map((e) =>
          parseStoredEvent({ ...e, case_id: row.id, effective_at: parseTimestamptz(e.effective_at), recorded_at: parseTimestamptz(e.recorded_at) }),
        );
      } catch (err) {
        if (!(err instanceof StoredEventError)) throw err;
        events = err;
      }
      return { row, events, permalink: card_permalink };
    },

    async findByIds(ids: readonly number[]): Promise<CaseRow[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('cases').selectAll().where('id', 'in', [...ids]).execute();
    },

    async findById(id: number): Promise<CaseRow | undefined> {
      return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /**
     * Locks case rows for the rest of the transaction, in id order (two transactions locking several
     * never wait for each other in a circle): commands on one case run one at a time.
     */
    async lockByReferences(references: readonly string[]): Promise<CaseRow[]> {
      if (references.length === 0) return [];
      return db.selectFrom('cases').selectAll().where('reference', 'in', [...references]).orderBy('id').forUpdate().execute();
    },

    async lockById(id: number): Promise<void> {
      await db.selectFrom('cases').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    },

    /**
     * Rewrites the derived columns of these case rows in one statement (the rows read from one JSON
     * parameter), so the tallies' statement triggers run once for all of them, not once per case.
     */
    async updateDerived(cases: readonly { caseId: number; derived: DerivedCase }[]): Promise<void> {
      for (const chunk of chunks(cases, 5_000)) {
        const json = JSON.stringify(chunk.map((c) => ({ id: c.caseId, ...projectionColumns(c.derived) })));
        await sql`
          UPDATE cases c SET ${sql.join(PROJECTED.map((k) => sql`${sql.ref(k)} = v.${sql.ref(k)}`))}
            FROM jsonb_to_recordset(${json}::jsonb) AS v(id bigint, ${sql.join(PROJECTED.map((k) => sql`${sql.ref(k)} ${sql.raw(PROJECTION_TYPES[k])}`))})
           WHERE c.id = v.id
        `.execute(db);
      }
    },

    /**
     * Rewrites the checklist, consult and payment rows of these cases; given the details before the
     * change, only those whose rows differ (a bank credit found, a claim: none of them), so that a
     * statement recording thousands of credits writes what changed and nothing else, in a statement
     * or two per kind of row for all the cases.
     */
    async writeDetails(cases: readonly { caseId: number; details: CaseDetails; before: CaseDetails | null }[]): Promise<void> {
      const checklists: { caseId: number; rows: ChecklistRow[] }[] = [];
      const consults: { caseId: number; rows: ConsultRow[] }[] = [];
      const payments: (PaymentRow & { case_id: number })[] = [];
      for (const { caseId, details, before } of cases) {
        const rows = detailRows(details);
        const old = before ? detailRows(before) : null;
        const same = (a: unknown, b: unknown) => old !== null && JSON.stringify(a) === JSON.stringify(b);
        if (!same(rows.checklist, old?.checklist)) checklists.push({ caseId, rows: rows.checklist });
        if (!same(rows.consults, old?.consults)) consults.push({ caseId, rows: rows.consults });
        if (!same(rows.payment, old?.payment)) payments.push({ ...rows.payment, case_id: caseId });
      }
      if (checklists.length > 0) {
        await db.deleteFrom('checklist_items').where('case_id', 'in', checklists.map((c) => c.caseId)).execute();
        const rows = checklists.flatMap((c) => c.rows.map((r) => ({ ...r, case_id: c.caseId })));
        for (const chunk of chunks(rows, 5_000)) await db.insertInto('checklist_items').values(chunk).execute();
      }
      if (consults.length > 0) {
        await db.deleteFrom('case_consults').where('case_id', 'in', consults.map((c) => c.caseId)).execute();
        const rows = consults.flatMap((c) => c.rows.map((r) => ({ ...r, case_id: c.caseId })));
        for (const chunk of chunks(rows, 5_000)) await db.insertInto('case_consults').values(chunk).execute();
      }
      for (const chunk of chunks(payments, 5_000)) {
        await db
          .insertInto('payments')
          .values(chunk)
          .onConflict((oc) =>
            oc.column('case_id').doUpdateSet((eb) => ({
              expected_cents: eb.ref('excluded.expected_cents'),
              state: eb.ref('excluded.state'),
              received_cents: eb.ref('excluded.received_cents'),
              value_date: eb.ref('excluded.value_date'),
              bank_reference: eb.ref('excluded.bank_reference'),
              mismatch: eb.ref('excluded.mismatch'),
              reason: eb.ref('excluded.reason'),
            })),
          )
          .execute();
      }
    },
  };
}

export type CasesRepository = ReturnType<typeof casesRepository>;

/** The SQL type of each derived column, for `updateDerived`'s JSON rows. */
const PROJECTION_TYPES: Record<keyof ReturnType<typeof projectionColumns>, string> = {
  status: 'text',
  assignee: 'text',
  payment_state: 'text',
  docs_completed_at: 'timestamptz',
  sla_state: 'text',
  sla_due_at: 'timestamptz',
  sla_breached: 'boolean',
  sla_elapsed_seconds: 'integer',
  paused_since: 'timestamptz',
  closed_at: 'timestamptz',
  sla_paused_seconds: 'integer',
  personal_data_erased_at: 'timestamptz',
  pause_count: 'integer',
  updated_at: 'timestamptz',
};
const PROJECTED = Object.keys(PROJECTION_TYPES) as (keyof typeof PROJECTION_TYPES)[];

/** Within PostgreSQL's 65,535 parameters per statement (a row has at most a dozen). */
function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

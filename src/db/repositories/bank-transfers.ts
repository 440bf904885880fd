import { sql, type Transaction } from 'kysely';
import { OPEN_STATUSES } from '../../domain/case.js';
import type { Db } from '../database.js';
import type { Database } from '../types.js';

type Executor = Db | Transaction<Database>;

/** A case a credit may pay, as the matcher needs it (names included: compared on the server only). */
export interface CandidateRow {
  id: number;
  reference: string;
  status: string;
  payment_state: string;
  expected_cents: number;
  patient_name: string | null;
  applicant_name: string | null;
  name_keys: string[] | null;
}

export interface NewTransferRow {
  entry_key: string;
  bank_reference: string | null;
  booking_date: string | null;
  value_date: string;
  amount_cents: number;
  payer_name: string | null;
  remittance: string | null;
  outcome: 'matched' | 'ambiguous' | 'unmatched';
  reason: unknown;
  exact: boolean;
  fitting_case_ids: number[];
  case_id: number | null;
}

/** A stored transfer as the queue, the API and the match modal read it. */
export interface TransferRow {
  id: number;
  bank_reference: string | null;
  value_date: string;
  amount_cents: number;
  outcome: 'matched' | 'ambiguous' | 'unmatched';
  reason: unknown;
  case_id: number | null;
  case_reference: string | null;
  matched_by: string | null;
  dismissed_by: string | null;
  dismissed_at: Date | null;
  created_at: Date;
}

const OPEN = [...OPEN_STATUSES];

/** Queries of bank statements and their transfers (SPEC section 11). */
export function bankTransfersRepository(db: Executor) {
  const transferColumns = (q: ReturnType<typeof fromTransfers>) =>
    q.select([
      't.id',
      't.bank_reference',
      't.value_date',
      't.amount_cents',
      't.outcome',
      't.reason',
      't.case_id',
      'c.reference as case_reference',
      't.matched_by',
      't.dismissed_by',
      't.dismissed_at',
      't.created_at',
    ]);
  const fromTransfers = () => db.selectFrom('bank_transfers as t').leftJoin('cases as c', 'c.id', 't.case_id');

  return {
    /** The transfers already stored under these keys, with the case each was placed on. */
    async known(keys: readonly string[]): Promise<Map<string, { outcome: string; case_reference: string | null }>> {
      if (keys.length === 0) return new Map();
      const rows = await db
        .selectFrom('bank_transfers as t')
        .leftJoin('cases as c', 'c.id', 't.case_id')
        .select(['t.entry_key', 't.outcome', 'c.reference as case_reference'])
        .where('t.entry_key', 'in', [...keys])
        .execute();
      return new Map(rows.map((r) => [r.entry_key, { outcome: r.outcome, case_reference: r.case_reference }]));
    },

    /**
     * The cases these credits may be about: those a reference names (in any state, so the answer can
     * say "already paid"), and the open cases with a pending payment that carry one of the name keys
     * (one range of the name keys' btree, then primary keys: never a scan of the open cases).
     */
    async candidates(references: readonly string[], nameKeys: readonly string[]): Promise<CandidateRow[]> {
      // Each step reads rows by a key (reference, case id): the plans stay index look-ups at any size.
      const rowsOf = async (cases: { id: number; reference: string; status: string; payment_state: string }[]): Promise<CandidateRow[]> => {
        if (cases.length === 0) return [];
        const ids = cases.map((c) => c.id);
        const [payments, people] = await Promise.all([
          db.selectFrom('payments').select(['case_id', 'expected_cents']).where('case_id', 'in', ids).execute(),
          db.selectFrom('case_personal_data').select(['case_id', 'patient_name', 'applicant_name', 'name_keys']).where('case_id', 'in', ids).execute(),
        ]);
        const expected = new Map(payments.map((p) => [p.case_id, p.expected_cents]));
        const person = new Map(people.map((p) => [p.case_id, p]));
        return cases.flatMap((c) => {
          const cents = expected.get(c.id);
          if (cents === undefined) return [];
          const p = person.get(c.id);
          return [{ ...c, expected_cents: cents, patient_name: p?.patient_name ?? null, applicant_name: p?.applicant_name ?? null, name_keys: p?.name_keys ?? null }];
        });
      };
      const caseColumns = ['id', 'reference', 'status', 'payment_state'] as const;
      const byReference =
        references.length === 0
          ? []
          : await rowsOf(await db.selectFrom('cases').select(caseColumns).where('reference', 'in', [...references]).execute());
      // Two steps with plans that cannot go wrong: each key one probe of the name keys' btree (the
      // subquery with OFFSET 0 is not flattened, so it stays a nested loop over the keys), then the few
      // cases found read by their primary key. A plain join, or one \`key = ANY(…)\` of thousands of
      // keys, lets the planner read every key of every case (a hash join, a sequential scan).
      const named =
        nameKeys.length === 0
          ? []
          : (
              await sql<{ case_id: number }>`
                SELECT DISTINCT f.case_id FROM unnest(${sql.val([...nameKeys])}::text[]) AS k(key),
                  LATERAL (SELECT nk.case_id FROM case_name_keys nk WHERE nk.key = k.key OFFSET 0) f
              `.execute(db)
            ).rows.map((r) => r.case_id);
      const byName =
        named.length === 0
          ? []
          : await rowsOf(
              await db
                .selectFrom('cases')
                .select(caseColumns)
                .where('id', 'in', named)
                .where('payment_state', '=', 'pending')
                .where('status', 'in', OPEN)
                .execute(),
            );
      const seen = new Set<number>();
      return [...byReference, ...byName].filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
    },

    async insertStatement(row: { format: string; importedBy: string; importedAt: Date; entries: number; credits: number; newCredits: number; skipped: number }): Promise<number> {
      const inserted = await db
        .insertInto('bank_statements')
        .values({
          format: row.format,
          imported_by: row.importedBy,
          imported_at: row.importedAt,
          entries: row.entries,
          credits: row.credits,
          new_credits: row.newCredits,
          skipped: row.skipped,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },

    /** Stores the transfers; one already stored (an import running beside this one) is left as it is and not returned. */
    async insertTransfers(statementId: number, rows: readonly NewTransferRow[], at: Date, matchedBy: string): Promise<Map<string, number>> {
      const ids = new Map<string, number>();
      // Within PostgreSQL's 65,535 parameters per statement (15 per row).
      for (let i = 0; i < rows.length; i += 2_000) {
        const chunk = rows.slice(i, i + 2_000);
        const inserted = await db
          .insertInto('bank_transfers')
          .values(
            chunk.map((r) => ({
              ...r,
              reason: JSON.stringify(r.reason),
              statement_id: statementId,
              matched_by: r.case_id === null ? null : matchedBy,
              matched_at: r.case_id === null ? null : at,
              created_at: at,
            })),
          )
          .onConflict((oc) => oc.column('entry_key').doNothing())
          .returning(['id', 'entry_key'])
          .execute();
        for (const r of inserted) ids.set(r.entry_key, r.id);
      }
      return ids;
    },

    /** The import could not place a transfer on the case it matched (the case changed meanwhile): it joins the queue. */
    async unplace(id: number, reason: unknown): Promise<void> {
      await db
        .updateTable('bank_transfers')
        .set({ case_id: null, matched_by: null, matched_at: null, outcome: 'unmatched', exact: false, reason: JSON.stringify(reason) })
        .where('id', '=', id)
        .execute();
    },

    /** The credits placed on a case, oldest first. */
    async ofCase(caseId: number): Promise<TransferRow[]> {
      return transferColumns(fromTransfers()).where('t.case_id', '=', caseId).orderBy('t.id').execute();
    },

    /** Credits nobody has placed or dismissed yet, newest first, and how many there are. */
    async queue(limit: number): Promise<{ rows: TransferRow[]; total: number }> {
      const rows = await transferColumns(fromTransfers())
        .where('t.case_id', 'is', null)
        .where('t.dismissed_at', 'is', null)
        .orderBy('t.created_at', 'desc')
        .orderBy('t.id', 'desc')
        .limit(limit)
        .execute();
      const total =
        rows.length < limit
          ? rows.length
          : Number(
              (
                await db
                  .selectFrom('bank_transfers')
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where('case_id', 'is', null)
                  .where('dismissed_at', 'is', null)
                  .executeTakeFirstOrThrow()
              ).n,
            );
      return { rows, total };
    },

    /** One transfer with its personal data (payer, remittance text), for the match modal only. */
    async withTexts(id: number): Promise<(TransferRow & { payer_name: string | null; remittance: string | null; fitting_case_ids: number[] }) | undefined> {
      return transferColumns(fromTransfers())
        .select(['t.payer_name', 't.remittance', 't.fitting_case_ids'])
        .where('t.id', '=', id)
        .executeTakeFirst();
    },

    /** Locks a transfer for a coordinator's decision: two clicks on one credit take turns. */
    async lock(id: number): Promise<{ id: number; case_id: number | null; dismissed_at: Date | null; bank_reference: string | null; value_date: string; amount_cents: number } | undefined> {
      return db
        .selectFrom('bank_transfers')
        .select(['id', 'case_id', 'dismissed_at', 'bank_reference', 'value_date', 'amount_cents'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    /**
     * The open cases whose payment is pending, for the match modal: those the credit fitted first, then
     * those expecting its amount, then the others, newest first (by primary key; `limit` of each step).
     */
    async pendingCases(fittingIds: readonly number[], amountCents: number, limit: number) {
      const pending = () =>
        db
          .selectFrom('cases as c')
          .innerJoin('payments as p', 'p.case_id', 'c.id')
          .select(['c.id', 'c.reference', 'c.pathology_area', 'p.expected_cents'])
          .where('c.payment_state', '=', 'pending')
          .where('c.status', 'in', OPEN);
      const fitting = fittingIds.length === 0 ? [] : await pending().where('c.id', 'in', [...fittingIds]).orderBy('c.id', 'desc').limit(limit).execute();
      const sameAmount = await pending().where('p.expected_cents', '=', amountCents).orderBy('c.id', 'desc').limit(limit).execute();
      const others = await pending().where('p.expected_cents', '<>', amountCents).orderBy('c.id', 'desc').limit(limit).execute();
      const seen = new Set<number>();
      return [...fitting, ...sameAmount, ...others].filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true))).slice(0, limit);
    },

    async place(id: number, caseId: number, by: string, at: Date): Promise<void> {
      await db.updateTable('bank_transfers').set({ case_id: caseId, matched_by: by, matched_at: at }).where('id', '=', id).execute();
    },

    async dismiss(id: number, by: string, at: Date): Promise<void> {
      await db.updateTable('bank_transfers').set({ dismissed_by: by, dismissed_at: at }).where('id', '=', id).execute();
    },

    /**
     * Erasure of a case: the transfers placed on it, or that fitted it among others, keep their amounts
     * and dates, not the payer, the remittance text or the bank reference.
     */
    async eraseTextsOfCase(caseId: number): Promise<void> {
      await db
        .updateTable('bank_transfers')
        .set({ payer_name: null, remittance: null, bank_reference: null })
        .where((eb) => eb.or([eb('case_id', '=', caseId), eb(sql.val(caseId), '=', eb.fn.any('fitting_case_ids'))]))
        .execute();
    },
  };
}

import { sql, type Kysely } from 'kysely';
import { caseNameKeys } from '../src/domain/transfer-text.js';

/**
 * Bank statements (SPEC section 11). Each imported statement is a row; each booked euro credit of it
 * is a transfer, known by `entry_key` (a hash of the bank's reference, or of the entry's fields) so
 * that importing the same or an overlapping statement adds nothing. A transfer keeps what the import
 * found (outcome, reason as data, the cases that fit) and what a person did (matched it to a case,
 * or dismissed it as not ours, with who and when).
 *
 * The payer's name and the remittance text are personal data: they sit in their own columns, blanked
 * by the erasure of the case the transfer belongs to.
 *
 * Matching must not read every open case: a credit is compared only with the cases whose names its
 * texts contain. `case_personal_data.name_keys` holds each case's names as keys (words sorted, see
 * `caseNameKeys`), behind a GIN index that answers "which cases have any of these keys" by lookup.
 * Existing cases get their keys here, computed by the same function the app uses.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE bank_statements (
      id serial PRIMARY KEY,
      format text NOT NULL,
      imported_by text NOT NULL,
      imported_at timestamptz NOT NULL,
      entries integer NOT NULL,
      credits integer NOT NULL,
      new_credits integer NOT NULL,
      skipped integer NOT NULL
    );
    CREATE TABLE bank_transfers (
      id serial PRIMARY KEY,
      entry_key text NOT NULL UNIQUE,
      statement_id integer NOT NULL REFERENCES bank_statements (id),
      bank_reference text,
      booking_date date,
      value_date date NOT NULL,
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      payer_name text,
      remittance text,
      outcome text NOT NULL CHECK (outcome IN ('matched', 'ambiguous', 'unmatched')),
      reason jsonb NOT NULL,
      exact boolean NOT NULL,
      fitting_case_ids integer[] NOT NULL DEFAULT '{}',
      case_id integer REFERENCES cases (id),
      matched_by text,
      matched_at timestamptz,
      dismissed_by text,
      dismissed_at timestamptz,
      created_at timestamptz NOT NULL,
      CHECK (dismissed_at IS NULL OR case_id IS NULL)
    );
    CREATE INDEX bank_transfers_case_idx ON bank_transfers (case_id) WHERE case_id IS NOT NULL;
    -- The coordinators' queue: credits nobody has placed yet, newest first.
    CREATE INDEX bank_transfers_queue_idx ON bank_transfers (created_at DESC, id DESC) WHERE case_id IS NULL AND dismissed_at IS NULL;

    ALTER TABLE case_personal_data ADD COLUMN name_keys text[] NOT NULL DEFAULT '{}';
    CREATE INDEX case_personal_data_name_keys_idx ON case_personal_data USING gin (name_keys);
  `.execute(db);

  const batch = 5_000;
  for (let after = 0; ; ) {
    const { rows } = await sql<{ case_id: number; patient_name: string; applicant_name: string }>`
      SELECT case_id, patient_name, applicant_name FROM case_personal_data WHERE case_id > ${after} ORDER BY case_id LIMIT ${batch}
    `.execute(db);
    const last = rows.at(-1);
    if (!last) break;
    const keys = Object.fromEntries(rows.map((r) => [r.case_id, caseNameKeys(r.patient_name, r.applicant_name)]));
    await sql`
      UPDATE case_personal_data pd
         SET name_keys = ARRAY(SELECT jsonb_array_elements_text(k.value))
        FROM jsonb_each(${JSON.stringify(keys)}::jsonb) k
       WHERE pd.case_id = k.key::integer
    `.execute(db);
    after = last.case_id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS bank_transfers;
    DROP TABLE IF EXISTS bank_statements;
    ALTER TABLE case_personal_data DROP COLUMN IF EXISTS name_keys;
  `.execute(db);
}

import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { emptyDatabase, migrationBefore } from '../support/db.js';

const MIGRATION = '2026-12-02T1500_bank_statements';
const before = migrationBefore(MIGRATION);
const { db, url } = await emptyDatabase();

describe('migration: bank statements', () => {
  it("gives the cases stored before it their names as matching keys, so a credit naming an old case's patient finds it", async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const at = new Date('2026-11-30T10:00:00Z');
    const { rows } = await sql<{ id: number }>`
      INSERT INTO cases (reference, year, seq, status, applicant_type, pathology_area, language, image_review,
        delivery_channel, expected_cents, payment_state, sla_state, created_at, updated_at)
      VALUES ('SO-2026-0001', 2026, 1, 'intake', 'representative', 'prostate', 'it', false, 'email', 51800, 'pending', 'not_started', ${at}, ${at})
      RETURNING id`.execute(db);
    const id = Number(rows[0]!.id);
    await sql`INSERT INTO case_personal_data (case_id, applicant_name, patient_name, patient_birth_date)
              VALUES (${id}, 'Anna Verdi', 'Nicolò D''Angelo', '1961-04-02')`.execute(db);

    await migrateToLatest(url);

    const keys = await sql<{ name_keys: string[] }>`SELECT name_keys FROM case_personal_data WHERE case_id = ${id}`.execute(db);
    expect(keys.rows[0]?.name_keys.sort()).toEqual(['anna verdi', 'dangelo nicolo']);
    const found = await sql<{ case_id: number }>`SELECT case_id FROM case_personal_data WHERE name_keys && ARRAY['dangelo nicolo']`.execute(db);
    expect(found.rows.map((r) => Number(r.case_id))).toEqual([id]);
  });
});

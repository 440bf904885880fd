import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { bankTransfersRepository } from '../../src/db/repositories/bank-transfers.js';
import { casesRepository } from '../../src/db/repositories/cases.js';
import { retentionRepository } from '../../src/db/repositories/retention.js';
import { emptyDatabase, migrationBefore } from '../support/db.js';

const MIGRATION = '2026-12-03T0130_case_name_keys';
const before = migrationBefore(MIGRATION);
const { db, url } = await emptyDatabase();

const at = new Date('2026-11-30T10:00:00Z');
async function pendingCase(seq: number): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO cases (reference, year, seq, status, applicant_type, pathology_area, language, image_review,
      delivery_channel, expected_cents, payment_state, sla_state, created_at, updated_at)
    VALUES (${`SO-2026-${String(seq).padStart(4, '0')}`}, 2026, ${seq}, 'intake', 'representative', 'prostate', 'it', false, 'email', 51800, 'pending', 'not_started', ${at}, ${at})
    RETURNING id`.execute(db);
  const id = Number(rows[0]!.id);
  await sql`INSERT INTO payments (case_id, expected_cents, state) VALUES (${id}, 51800, 'pending')`.execute(db);
  return id;
}
const person = (applicant: string, patient: string) => ({
  applicant: { type: 'representative' as const, name: applicant, email: null, phone: null, language: null },
  patient: { name: patient, birthDate: '1961-04-02', taxCode: null, email: null, phone: null },
  notes: null,
});
const found = async (key: string) => (await bankTransfersRepository(db).candidates([], [key])).map((c) => c.id);

describe('migration: the names as a btree of keys', () => {
  it('keys the cases stored before it, follows the cases written after it, and forgets an erased one', async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const old = await pendingCase(1);
    await casesRepository(db).insertPersonalData(old, person('Anna Verdi', "Nicolò D'Angelo"));

    await migrateToLatest(url);

    const keys = await sql<{ key: string }>`SELECT key FROM case_name_keys WHERE case_id = ${old} ORDER BY key`.execute(db);
    expect(keys.rows.map((r) => r.key)).toEqual(['anna verdi', 'dangelo nicolo']);
    expect(await found('dangelo nicolo')).toEqual([old]);

    // A case written after it is found by its names at once; an erased one no longer is.
    const later = await pendingCase(2);
    await casesRepository(db).insertPersonalData(later, person('Rosa Bianchi', 'Rosa Bianchi'));
    expect(await found('bianchi rosa')).toEqual([later]);
    await db.transaction().execute((trx) => retentionRepository(trx).erase(trx, old, ['personal_data_erased']));
    expect(await found('dangelo nicolo')).toEqual([]);
    expect(await found('anna verdi')).toEqual([]);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_name_keys WHERE case_id = ${old}`.execute(db)).rows[0]!.n).toBe(0);
  });
});

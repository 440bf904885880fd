import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { casesRepository } from '../../src/db/repositories/cases.js';
import { foldCase } from '../../src/domain/case.js';
import { requiredItems } from '../../src/domain/checklist.js';
import { emptyDatabase, migrationBefore } from '../support/db.js';
import { rome } from '../support/time.js';

const MIGRATION = '2026-11-27T1400_payment_beside_review';
/** The schema as it was just before this migration. */
const before = migrationBefore(MIGRATION);
const { db, url } = await emptyDatabase();

/** A case as the release before this one stored it: its row, payment and events (no event versions then). */
async function oldCase(seq: number, o: { channel: string; expected: number; received: readonly string[]; paid: boolean }): Promise<number> {
  const created = new Date(rome('2026-11-23 10:00'));
  const docsAt = new Date(rome('2026-11-24 10:00'));
  const complete = requiredItems('patient', false).every((i) => o.received.includes(i));
  const { rows } = await sql<{ id: number }>`
    INSERT INTO cases (reference, year, seq, status, applicant_type, pathology_area, language, image_review,
      delivery_channel, expected_cents, payment_state, docs_completed_at, sla_state, sla_due_at, created_at, updated_at)
    VALUES (${`SO-2026-${String(seq).padStart(4, '0')}`}, 2026, ${seq}, ${complete && o.paid ? 'ready' : 'intake'}, 'patient', 'prostate',
      'it', false, ${o.channel}, ${o.expected}, ${o.paid ? 'confirmed' : 'pending'}, ${complete ? docsAt : null},
      ${complete ? 'running' : 'not_started'}, ${complete ? new Date(rome('2026-12-01 10:00')) : null}, ${created}, ${created})
    RETURNING id`.execute(db);
  const id = Number(rows[0]!.id);
  await sql`INSERT INTO payments (case_id, expected_cents, state, received_cents) VALUES (${id}, ${o.expected}, ${o.paid ? 'confirmed' : 'pending'}, ${o.paid ? o.expected : null})`.execute(db);
  const event = (type: string, at: Date, data: Record<string, unknown>) =>
    sql`INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
        VALUES (${id}, ${type}, 'api:portal', ${at}, ${at}, ${JSON.stringify({ type, ...data })})`.execute(db);
  await event('case_created', created, {
    applicantType: 'patient', pathologyArea: 'prostate', language: 'it', imageReview: false, deliveryChannel: o.channel, expectedCents: o.expected,
  });
  for (const item of o.received) await event('document_received', docsAt, { item });
  if (o.paid) {
    await event('payment_confirmed', docsAt, { receivedCents: o.expected, valueDate: '2026-11-24', bankReference: 'CRO', mismatch: null });
  }
  return id;
}

describe('migration: payment beside the review', () => {
  it('an old intake case with complete documents becomes ready, and open unpaid cases expect the courier fee', async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo(before);
    expect(error).toBeUndefined();
    const all = requiredItems('patient', false);
    const waitingForPayment = await oldCase(1, { channel: 'email', expected: 50_000, received: all, paid: false });
    const incomplete = await oldCase(2, { channel: 'courier', expected: 51_800, received: ['privacy_consent'], paid: false });
    const paid = await oldCase(3, { channel: 'pec', expected: 50_000, received: all, paid: true });

    await migrateToLatest(url);
    // Safe to run twice.
    await migrateToLatest(url);

    const stored = await db.selectFrom('cases').innerJoin('payments', 'payments.case_id', 'cases.id')
      .select(['cases.id', 'cases.status', 'cases.expected_cents', 'payments.expected_cents as payment_expected'])
      .orderBy('cases.id').execute();
    expect(stored.map((r) => [Number(r.id), r.status, r.expected_cents, r.payment_expected])).toEqual([
      [waitingForPayment, 'ready', 51_800, 51_800],
      [incomplete, 'intake', 51_800, 51_800],
      [paid, 'ready', 50_000, 50_000],
    ]);
    // The history says the same as the columns: the fold of the events, as the application reads them.
    const repo = casesRepository(db);
    const folded = foldCase(await repo.events(waitingForPayment));
    expect(folded).toMatchObject({ status: 'ready', expectedCents: 51_800, payment: { state: 'pending', expectedCents: 51_800 } });
    expect((await repo.events(waitingForPayment)).filter((e) => e.data.type === 'expected_amount_changed')).toHaveLength(1);
    expect(foldCase(await repo.events(paid)).payment).toMatchObject({ state: 'confirmed', expectedCents: 50_000 });
  });
});

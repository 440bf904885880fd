import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startTestApp } from '../support/app.js';
import { caseInput, coordinator, everyDocument } from '../support/factories.js';
import { rome } from '../support/time.js';

const logLines: string[] = [];
const app = await startTestApp({ logger: createLogger('info', { write: (line: string) => void logLines.push(line) }) });

async function newCase() {
  const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-27 10:00')) }), coordinator);
  return view;
}

/** Writes a row as an older release (or a hand-made fix) would have, bypassing the application. */
async function storeRaw(caseId: number, data: Record<string, unknown>): Promise<number> {
  const at = new Date(rome('2026-11-30 09:00'));
  const row = await app.db
    .insertInto('case_events')
    .values({ case_id: caseId, type: String(data.type), actor: 'UCOORD0001', effective_at: at, recorded_at: at, reason: null, data: JSON.stringify(data) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

describe('stored case histories are parsed when read', () => {
  it('a case with an unreadable stored event answers an error naming the case and the event; other cases are listed and shown as before', async () => {
    const broken = await newCase();
    const healthy = await newCase();
    const eventId = await storeRaw(broken.id, { type: 'payment_confirmed', receivedCents: 'a lot', valueDate: '2026-11-30' });

    await expect(app.cases.get(broken.reference)).rejects.toThrow(`case ${broken.id}: stored event ${eventId} cannot be read`);
    const listed = (await app.queries.list('all', 'UCOORD0001')).map((v) => v.reference);
    expect(listed).toContain(healthy.reference);
    expect(listed).not.toContain(broken.reference);
    expect((await app.cases.get(healthy.reference)).state.status).toBe('ready');
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'case history unreadable');
    expect(logged).toMatchObject({ caseId: broken.id, eventId });
  });

  it('an event stored before versions existed still reads as version 1, and new events are stored with their version', async () => {
    const c = await newCase();
    await storeRaw(c.id, { type: 'payment_confirmed', receivedCents: 50_000, valueDate: '2026-11-30', bankReference: 'CRO 9', mismatch: null });
    expect((await app.cases.get(c.reference)).state.payment).toMatchObject({ state: 'confirmed', bankReference: 'CRO 9' });
    const stored = await app.db.selectFrom('case_events').select('data').where('case_id', '=', c.id).orderBy('id').execute();
    expect(stored[0]!.data).toMatchObject({ type: 'case_created', v: 1 });
  });

  it('an event of a version this release does not know is refused by name, not guessed at', async () => {
    const c = await newCase();
    const eventId = await storeRaw(c.id, { type: 'claimed', v: 7, assignee: 'UDOC00001' });
    await expect(app.cases.get(c.reference)).rejects.toThrow(`case ${c.id}: stored event ${eventId} cannot be read (claimed has no version 7)`);
  });
});

import { describe, expect, it } from 'vitest';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { caseInput, coordinator, doctor, everyDocument, portal } from '../support/factories.js';
import { HOUR, rome } from '../support/time.js';

const app = await startTestApp({ now: '2026-11-30 09:30' });

// A parcel opened in the morning was received the evening before: effective and recorded instants differ.
const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-27 17:00')) }), portal);
const reference = view.reference;
await app.cases.execute(reference, { type: 'view_details' }, coordinator);
app.clock.set(rome('2026-11-30 09:30') + HOUR);
await app.cases.execute(reference, { type: 'claim' }, doctor);
await app.cases.execute(reference, { type: 'view_details' }, doctor);

async function get(path: string): Promise<Response> {
  return fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
}

describe('case history export over the API', () => {
  it('an auditor gets every event with actor, kind, effective and recorded instants and reason, each view of the personal data included', async () => {
    const res = await get(`/api/v1/cases/${reference}/history`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reference: string; events: Record<string, unknown>[]; personalData?: unknown };
    expect(body.reference).toBe(reference);
    expect(body.events.map((e) => e.kind)).toEqual(['case_created', ...everyDocument(0).map(() => 'document_received'), 'details_viewed', 'claimed', 'details_viewed']);
    expect(body.events[1]).toMatchObject({
      seq: 2,
      actor: 'api:portal',
      effectiveAt: '2026-11-27T17:00:00.000+01:00',
      recordedAt: '2026-11-30T09:30:00.000+01:00',
      reason: null,
      details: { item: 'request_form' },
    });
    expect(body.events.filter((e) => e.kind === 'details_viewed').map((e) => e.actor)).toEqual([coordinator.id, doctor.id]);
    expect(body.events.at(-2)).toMatchObject({ kind: 'claimed', actor: doctor.id, details: { assignee: doctor.id }, recordedAt: '2026-11-30T10:30:00.000+01:00' });
    expect('personalData' in body).toBe(false);
    expect(JSON.stringify(body)).not.toContain('Maria Rossi');
  });

  it('as CSV, one row per event', async () => {
    const res = await get(`/api/v1/cases/${reference}/history?format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('reference,seq,kind,actor,actor_name,effective_at,recorded_at,reason,details');
    const events = 1 + everyDocument(0).length + 3;
    expect(lines).toHaveLength(1 + events);
    expect(lines).toContain(`${reference},${events - 2},details_viewed,${coordinator.id},,2026-11-30T09:30:00.000+01:00,2026-11-30T09:30:00.000+01:00,,{}`);
    expect(lines[2]).toBe(`${reference},2,document_received,api:portal,,2026-11-27T17:00:00.000+01:00,2026-11-30T09:30:00.000+01:00,,"{""item"":""request_form""}"`);
  });

  it('an unknown case is a 404 and an unknown format a 400', async () => {
    expect((await get('/api/v1/cases/SO-2026-9999/history')).status).toBe(404);
    expect((await get(`/api/v1/cases/${reference}/history?format=xml`)).status).toBe(400);
  });
});

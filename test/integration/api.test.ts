import { describe, expect, it } from 'vitest';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { requiredItems } from '../../src/domain/checklist.js';
import { caseBody } from '../support/factories.js';
import { rome } from '../support/time.js';

const app = await startTestApp({ now: '2026-12-04 15:00' });

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string; issues?: { path: string; message: string }[] };
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? API_TOKEN}`;
  const res = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function caseRows(): Promise<number> {
  const { count } = await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

describe('POST /api/v1/cases', () => {
  it('creates a case and answers 201 with its reference, checklist, payment and SLA', async () => {
    const res = await call('POST', '/api/v1/cases', {
      body: caseBody({ documents: [{ item: 'privacy_consent', receivedAt: '2026-12-04T14:00:00+01:00' }] }),
    });
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(/^SO-2026-\d{4}$/);
    expect(res.body.status).toBe('intake');
    expect(res.body.payment).toEqual({ expectedCents: 66_800, state: 'pending', receivedCents: null, transfers: [] });
    expect(res.body.sla).toEqual({ state: 'not_started', startedAt: null, dueAt: null, remainingWorkingSeconds: null, breached: false });
    const checklist = res.body.checklist as { item: string; state: string; receivedAt: string | null }[];
    expect(checklist.map((c) => c.item)).toContain('diagnostic_images');
    expect(checklist.find((c) => c.item === 'privacy_consent')).toMatchObject({ state: 'received', receivedAt: '2026-12-04T13:00:00.000Z' });
    // The case as read back carries no personal data.
    expect(JSON.stringify(res.body)).not.toMatch(/Rossi|1961|RSSMRA|example\.org|adenocarcinoma/);
  });

  it('expects 518.00 without image review and 668.00 with it, whatever channel the documents came by', async () => {
    for (const deliveryChannel of ['email', 'pec', 'courier', 'hand']) {
      const plain = await call('POST', '/api/v1/cases', { body: caseBody({ imageReview: false, deliveryChannel }) });
      expect(plain.body.payment, deliveryChannel).toEqual({ expectedCents: 51_800, state: 'pending', receivedCents: null, transfers: [] });
      const images = await call('POST', '/api/v1/cases', { body: caseBody({ imageReview: true, deliveryChannel }) });
      expect(images.body.payment, deliveryChannel).toEqual({ expectedCents: 66_800, state: 'pending', receivedCents: null, transfers: [] });
    }
  });

  it('documents complete → the SLA runs with ISO instants and remaining working seconds', async () => {
    const at = '2026-12-04T16:00:00+01:00';
    const items = requiredItems('patient', false);
    app.clock.set(rome('2026-12-04 17:00'));
    const res = await call('POST', '/api/v1/cases', {
      body: caseBody({ imageReview: false, documents: items.map((item) => ({ item, receivedAt: at })) }),
    });
    expect(res.status).toBe(201);
    expect(res.body.sla).toEqual({
      state: 'running',
      startedAt: '2026-12-04T15:00:00.000Z',
      dueAt: '2026-12-15T15:00:00.000Z',
      remainingWorkingSeconds: 44 * 3600,
      breached: false,
    });
  });

  it('an Idempotency-Key retry answers 200 with the same case; the same key with another body is a 409', async () => {
    const headers = { 'idempotency-key': 'form-submission-777' };
    const first = await call('POST', '/api/v1/cases', { body: caseBody(), headers });
    const rows = await caseRows();
    const retry = await call('POST', '/api/v1/cases', { body: caseBody(), headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.reference).toBe(first.body.reference);
    const conflict = await call('POST', '/api/v1/cases', { body: caseBody({ language: 'en' }), headers });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatch(/different request/);
    expect(await caseRows()).toBe(rows);
  });

  it('an externalId makes a retry idempotent too, even when several retries race', async () => {
    const body = caseBody({ externalId: 'web-4711' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/api/v1/cases', { body })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(4);
    expect(new Set(answers.map((a) => a.body.reference)).size).toBe(1);
    expect((await call('POST', '/api/v1/cases', { body: caseBody({ externalId: 'web-4711', language: 'en' }) })).status).toBe(409);
  });

  describe('refused requests write nothing', () => {
    const cases: [string, Parameters<typeof call>[2], number, RegExp][] = [
      ['no token', { body: caseBody(), token: null }, 401, /bearer token/],
      ['a wrong token', { body: caseBody(), token: 'not-the-token-0000000000' }, 401, /bearer token/],
      ['malformed JSON', { raw: '{"applicant": {' }, 400, /not valid JSON/],
      ['a JSON array', { raw: '[]' }, 400, /Invalid case/],
      ['a wrong type', { body: caseBody({ imageReview: 'yes' }) }, 400, /Invalid case/],
      ['a missing field', { body: caseBody({ patient: { name: 'X' } }) }, 400, /Invalid case/],
      ['an unknown field', { body: caseBody({ imageReveiw: true }) }, 400, /Invalid case/],
      ['an unknown checklist item', { body: caseBody({ documents: [{ item: 'x_ray', receivedAt: '2026-12-01T10:00:00Z' }] }) }, 400, /Invalid case/],
      ['a receipt in the future', { body: caseBody({ documents: [{ item: 'request_form', receivedAt: '2027-01-01T10:00:00Z' }] }) }, 400, /future/],
      ['a birth date in the future', { body: caseBody({ patient: { name: 'X', birthDate: '2030-01-01' } }) }, 400, /birth date/],
      ['an unknown pathology area', { body: caseBody({ pathologyArea: 'cardiology' }) }, 400, /pathology area/],
      ['an oversized body', { body: caseBody({ notes: 'x'.repeat(300 * 1024) }) }, 413, /too large/],
      ['a non-JSON content type', { raw: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, /JSON/],
    ];
    it.each(cases)('%s', async (_name, options, status, message) => {
      const before = await caseRows();
      const res = await call('POST', '/api/v1/cases', options);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatch(message);
      expect(Array.isArray(res.body.issues)).toBe(true);
      expect(await caseRows()).toBe(before);
    });

    it('names each invalid field in issues', async () => {
      const res = await call('POST', '/api/v1/cases', {
        body: caseBody({ language: 'fr', applicant: { type: 'cousin', name: '' } }),
      });
      expect(res.status).toBe(400);
      expect(res.body.issues?.map((i) => i.path).sort()).toEqual(['applicant.name', 'applicant.type', 'language']);
    });
  });
});

describe('GET /api/v1/cases/:reference and POST …/documents', () => {
  it('reads a case, records documents and answers 404 for an unknown reference', async () => {
    const created = await call('POST', '/api/v1/cases', { body: caseBody() });
    const ref = String(created.body.reference);
    expect((await call('GET', `/api/v1/cases/${ref}`)).body.reference).toBe(ref);
    const recorded = await call('POST', `/api/v1/cases/${ref}/documents`, {
      body: { documents: [{ item: 'request_form', receivedAt: '2026-12-03T09:00:00Z' }] },
    });
    expect(recorded.status).toBe(200);
    const checklist = recorded.body.checklist as { item: string; state: string }[];
    expect(checklist.find((c) => c.item === 'request_form')?.state).toBe('received');
    const missing = await call('GET', '/api/v1/cases/SO-2019-9999');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatch(/No case SO-2019-9999/);
    expect((await call('GET', '/api/v1/cases/not-a-ref')).status).toBe(400);
    expect((await call('POST', '/api/v1/cases/SO-2019-9999/documents', { body: { documents: [] } })).status).toBe(400);
  });
});

describe('health', () => {
  it('/healthz answers while alive and /readyz when PostgreSQL and Redis answer', async () => {
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { startup: { status: 'ok' }, postgres: { status: 'ok', required: true }, redis: { status: 'ok', required: true } },
    });
  });
});

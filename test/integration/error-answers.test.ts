import { describe, expect, it } from 'vitest';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { caseBody } from '../support/factories.js';

/** The app without Slack, as a newcomer's first run starts it. */
const app = await startTestApp();
const auth = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };

async function post(path: string, body: unknown): Promise<{ status: number; json: { error: string; issues: { path: string; message: string }[] } }> {
  const res = await fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as never };
}

const without = (field: string) => Object.fromEntries(Object.entries(caseBody()).filter(([k]) => k !== field));

describe('error answers read as sentences', () => {
  it('a problem of the body as a whole names no empty path (no stray " : ")', async () => {
    expect((await post('/api/v1/cases', { ...caseBody(), imageReveiw: true })).json).toEqual({
      error: 'Invalid case. Unknown field imageReveiw.',
      issues: [{ path: '', message: 'Unknown field imageReveiw.' }],
    });
    expect((await post('/api/v1/cases', [caseBody()])).json).toEqual({
      error: 'Invalid case. The body must be a JSON object.',
      issues: [{ path: '', message: 'The body must be a JSON object.' }],
    });
    const ref = (await post('/api/v1/cases', caseBody())).json as unknown as { reference: string };
    expect((await post(`/api/v1/cases/${ref.reference}/documents`, { documents: [{ item: 'request_form', receivedAt: '2026-11-30 09:00' }], x: 1 })).json.error).toBe(
      'Invalid documents. Unknown field x.',
    );
  });

  it('a body of valid JSON that is not an object ("x", null, 1) says it must be an object, not that it is not JSON', async () => {
    for (const raw of ['"x"', 'null', '1']) {
      const res = await fetch(`${app.baseUrl}/api/v1/cases`, { method: 'POST', headers: auth, body: raw });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'Invalid case. The body must be a JSON object.',
        issues: [{ path: '', message: 'The body must be a JSON object.' }],
      });
    }
    const documents = await fetch(`${app.baseUrl}/api/v1/cases/SO-2026-0001/documents`, { method: 'POST', headers: auth, body: 'null' });
    expect(((await documents.json()) as { error: string }).error).toBe('Invalid documents. The body must be a JSON object.');
    // Not JSON at all is still said so.
    const broken = await fetch(`${app.baseUrl}/api/v1/cases`, { method: 'POST', headers: auth, body: '{"patient": {' });
    expect(((await broken.json()) as { error: string }).error).toBe('The body is not valid JSON.');
  });

  it('a known path asked with a method it does not take is a 405 with Allow, naming the methods', async () => {
    const patch = await fetch(`${app.baseUrl}/api/v1/cases/SO-2026-0001`, { method: 'PATCH', headers: auth, body: '{}' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, HEAD');
    expect(await patch.json()).toEqual({ error: 'PATCH is not allowed on /api/v1/cases/SO-2026-0001: it takes GET, HEAD.', issues: [] });
    const get = await fetch(`${app.baseUrl}/api/v1/cases`, { headers: auth });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as { error: string }).error).toBe('GET is not allowed on /api/v1/cases: it takes POST.');
    // A path nothing answers stays a 404.
    const none = await fetch(`${app.baseUrl}/api/v1/casez`, { headers: auth });
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: 'No such endpoint.', issues: [] });
  });

  it('a missing field says it is required, whatever kind of value it wants', async () => {
    for (const field of ['language', 'deliveryChannel', 'pathologyArea', 'patient']) {
      const { status, json } = await post('/api/v1/cases', without(field));
      expect(status).toBe(400);
      expect(json.issues).toEqual([{ path: field, message: 'This field is required.' }]);
      expect(json.error).toBe(`Invalid case. ${field}: This field is required.`);
    }
    // A value sent but wrong still says what is expected.
    expect((await post('/api/v1/cases', { ...caseBody(), language: 'fr' })).json.issues).toEqual([{ path: 'language', message: 'Expected one of it, en.' }]);
    expect((await post('/api/v1/cases', { ...caseBody(), patient: { birthDate: '1961-04-02' } })).json.issues).toEqual([
      { path: 'patient.name', message: 'This field is required.' },
    ]);
  });

  it('POST /slack/events without Slack configured answers JSON that says so', async () => {
    const res = await fetch(`${app.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"url_verification"}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: 'Slack is not configured on this server (SLACK_BOT_TOKEN is empty): it runs the HTTP API only. See .env.example.',
      issues: [],
    });
  });

  it('an address nothing answers is a JSON 404 pointing at the API', async () => {
    const res = await fetch(`${app.baseUrl}/api/cases`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Nothing answers GET /api/cases: the integration API is under /api/v1 (described at /api/v1/openapi.json).', issues: [] });
  });
});

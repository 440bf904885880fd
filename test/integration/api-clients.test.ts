import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startTestApp } from '../support/app.js';
import { caseBody } from '../support/factories.js';

/**
 * SPEC section 6, "Tokens and scopes": tokens that mean what they say, scopes that restrict, and
 * idempotency keys that belong to the client that used them.
 */
const PORTAL = 'portal-token-0123456789abcdef';
const QUALITY = 'quality-token-0123456789abcdef';
const BANK = 'bank-token-0123456789abcdef';
const KIOSK = 'kiosk-token-0123456789abcdef';
// `openssl rand -base64 16`: a nameless token whose padding is part of it.
const PADDED = 'q1w2e3r4t5y6u7i8o9p0aA==';

const logLines: string[] = [];
const app = await startTestApp({
  now: '2026-12-04 15:00',
  env: {
    API_TOKENS: `portal=${PORTAL},quality=${QUALITY},bank=${BANK},kiosk=${KIOSK},${PADDED}`,
    API_SCOPES: 'portal:cases.read+cases.write+history.read;quality:reports.read+history.read;bank:payments.write',
  },
  logger: createLogger('info', { write: (line: string) => void logLines.push(line) }),
});

async function call(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null) as Record<string, unknown> };
}

describe('tokens', () => {
  it('a base64 token with padding authenticates as a nameless client; "=" is not a token and the secret is no actor name', async () => {
    expect((await call('=', 'POST', '/cases', caseBody())).status).toBe(401);
    const created = await call(PADDED, 'POST', '/cases', caseBody());
    expect(created.status).toBe(201);
    // Without a name in API_TOKENS the client is known by its position, never by (part of) its token.
    const history = await call(PORTAL, 'GET', `/cases/${String(created.body.reference)}/history`);
    expect(history.status).toBe(200);
    expect(history.text).toContain('"actor":"api:client-5"');
    expect(history.text).not.toContain('q1w2e3r4t5y6u7i8o9p0aA');
  });

  it('the start warns when several tokens share every scope because API_SCOPES is not set', async () => {
    // This app has API_SCOPES: no warning. (The one without is started below.)
    expect(logLines.some((l) => l.includes('no API_SCOPES'))).toBe(false);
    const lines: string[] = [];
    await startTestApp({
      env: { API_TOKENS: `portal=${PORTAL},quality=${QUALITY}` },
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).includes('no API_SCOPES'));
    expect(warning).toMatchObject({ level: 40, clients: ['portal', 'quality'] });
    expect(lines.join('\n')).not.toContain(PORTAL);
  });
});

describe('scopes', () => {
  it('a call outside the client\'s scopes is a 403 naming the scope needed, and changes nothing', async () => {
    const before = await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const refused = await call(QUALITY, 'POST', '/cases', caseBody());
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/cases\.write/);
    expect(refused.body.issues).toEqual([{ path: 'Authorization', message: 'needs the scope cases.write' }]);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="cases.write"');
    const after = await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // The scope is checked before the body is read: a client outside it learns nothing from its body.
    const unreadable = await fetch(`${app.baseUrl}/api/v1/cases`, { method: 'POST', headers: { authorization: `Bearer ${BANK}`, 'content-type': 'application/json' }, body: '{' });
    expect(unreadable.status).toBe(403);
  });

  it('each endpoint needs its scope: cases.read, cases.write, history.read, reports.read', async () => {
    const created = await call(PORTAL, 'POST', '/cases', caseBody());
    expect(created.status).toBe(201);
    const reference = String(created.body.reference);
    const documents = { documents: [{ item: 'privacy_consent', receivedAt: '2026-12-04T14:00:00+01:00' }] };
    const month = '/reports/sla?from=2026-11';
    const cases = [
      ['GET', `/cases/${reference}`, undefined, 'cases.read'],
      ['POST', `/cases/${reference}/documents`, documents, 'cases.write'],
      ['GET', `/cases/${reference}/history`, undefined, 'history.read'],
      ['GET', `/cases/${reference}/history?format=csv`, undefined, 'history.read'],
      ['GET', month, undefined, 'reports.read'],
    ] as const;
    const allowed: Record<string, string[]> = {
      [PORTAL]: ['cases.read', 'cases.write', 'history.read'],
      [QUALITY]: ['reports.read', 'history.read'],
      [BANK]: [],
      [KIOSK]: ['cases.read', 'cases.write'],
    };
    for (const [token, scopes] of Object.entries(allowed)) {
      for (const [method, path, body, scope] of cases) {
        const res = await call(token, method, path, body);
        if (scopes.includes(scope)) expect(res.status, `${token} ${method} ${path}`).toBe(200);
        else {
          expect(res.status, `${token} ${method} ${path}`).toBe(403);
          expect(res.body.error, `${token} ${method} ${path}`).toContain(scope);
        }
      }
    }
  });
});

describe('idempotency keys and externalId belong to their client', () => {
  it("another client's same key and body creates a case of its own, never answers the portal's", async () => {
    const body = caseBody({ externalId: null });
    const portal = await call(PORTAL, 'POST', '/cases', body, { 'idempotency-key': 'form-4711' });
    expect(portal.status).toBe(201);
    const retry = await call(PORTAL, 'POST', '/cases', body, { 'idempotency-key': 'form-4711' });
    expect([retry.status, retry.body.reference]).toEqual([200, portal.body.reference]);

    const kiosk = await call(KIOSK, 'POST', '/cases', body, { 'idempotency-key': 'form-4711' });
    expect(kiosk.status).toBe(201);
    expect(kiosk.body.reference).not.toBe(portal.body.reference);
    // Each client's retry still finds its own case.
    const kioskRetry = await call(KIOSK, 'POST', '/cases', body, { 'idempotency-key': 'form-4711' });
    expect([kioskRetry.status, kioskRetry.body.reference]).toEqual([200, kiosk.body.reference]);
    // A different body under another client's key is no conflict: that key is not the kiosk's.
    expect((await call(KIOSK, 'POST', '/cases', caseBody({ notes: 'other' }), { 'idempotency-key': 'form-4712' })).status).toBe(201);
    expect((await call(PORTAL, 'POST', '/cases', caseBody({ notes: 'other' }), { 'idempotency-key': 'form-4712' })).status).toBe(201);
  });

  it("another client's same externalId creates a case of its own (no 5xx, no portal case)", async () => {
    const body = caseBody({ externalId: 'web-4711' });
    const portal = await call(PORTAL, 'POST', '/cases', body);
    expect(portal.status).toBe(201);
    const kiosk = await call(KIOSK, 'POST', '/cases', body);
    expect(kiosk.status).toBe(201);
    expect(kiosk.body.reference).not.toBe(portal.body.reference);
    expect(kiosk.body.externalId).toBe('web-4711');
    const portalRetry = await call(PORTAL, 'POST', '/cases', body);
    expect([portalRetry.status, portalRetry.body.reference]).toEqual([200, portal.body.reference]);
    // The same externalId with another body is the portal's conflict, and the kiosk's own.
    expect((await call(PORTAL, 'POST', '/cases', caseBody({ externalId: 'web-4711', notes: 'changed' }))).status).toBe(409);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiText } from '../../src/http/openapi.js';
import { caseResponse, errorResponse, historyResponse, slaReportResponse } from '../../src/http/response-schemas.js';
import { requiredItems } from '../../src/domain/checklist.js';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { caseBody } from '../support/factories.js';

const app = await startTestApp({ now: '2026-12-04 15:00' });

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${app.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

describe('API documentation', () => {
  it('the committed docs/openapi.json is exactly the document generated from the zod schemas (run `npm run openapi` after changing them)', () => {
    const committed = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(committed).toBe(openApiText());
    const doc = JSON.parse(committed) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/cases', '/cases/{reference}', '/cases/{reference}/documents', '/cases/{reference}/history', '/reports/sla', '/payments/statements', '/openapi.json']);
  });

  it('GET /api/v1/openapi.json serves the same document, without a token', async () => {
    const res = await fetch(`${app.baseUrl}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).toBe(openApiText());
  });

  it('real answers are what the document says: a case, its history, an SLA report and an error', async () => {
    const created = await call('POST', '/cases', caseBody({ documents: requiredItems('patient', true).map((item) => ({ item, receivedAt: '2026-12-04 10:00' })) }));
    expect(created.status).toBe(201);
    const parsed = caseResponse.parse(created.json);
    expect(caseResponse.parse((await call('GET', `/cases/${parsed.reference}`)).json).reference).toBe(parsed.reference);
    historyResponse.parse((await call('GET', `/cases/${parsed.reference}/history`)).json);
    slaReportResponse.parse((await call('GET', '/reports/sla?from=2026-12')).json);
    const bad = await call('POST', '/cases', { pathologyArea: 'prostate' });
    expect(bad.status).toBe(400);
    expect(errorResponse.parse(bad.json).issues.length).toBeGreaterThan(0);
  });
});

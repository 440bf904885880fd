import { z } from 'zod';

/**
 * Parameters and headers of the integration API. Request bodies are parsed by the domain's own
 * validation (`domain/new-case.ts`), which the Slack modals share.
 */

export const referenceParam = z.string().regex(/^SO-\d{4}-\d{4,}$/, 'a reference looks like SO-2026-0001');

export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** `GET /api/v1/cases/{reference}/history`: the case history as JSON or CSV (never personal data). */
export const historyQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

/** `GET /api/v1/reports/sla`: a month (`from=2026-11`) or two local dates, both included; JSON or CSV. */
export const slaReportQuery = z.strictObject({
  from: z.string().max(10).optional().describe('First day (YYYY-MM-DD), or a month (YYYY-MM) without `to`; default: this month'),
  to: z.string().max(10).optional().describe('Last day included (YYYY-MM-DD)'),
  format: z.enum(['json', 'csv']).default('json'),
});

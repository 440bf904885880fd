import { z } from 'zod';
import { CHECKLIST_ITEMS } from '../domain/checklist.js';
import { DELIVERY_CHANNELS } from '../domain/payment.js';

/** Request bodies of the integration API (SPEC section 6). Unknown fields are refused to catch typos. */

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);

const contact = {
  email: z.email().max(254).nullish().transform((v) => v ?? null),
  phone: optionalText(40),
};

const documentReceipt = z.strictObject({
  item: z.enum(CHECKLIST_ITEMS),
  /** Read by the domain's date-time parser: an instant without an offset is in the calendar's zone. */
  receivedAt: z.string().max(64),
});

export const createCaseBody = z.strictObject({
  externalId: optionalText(200),
  applicant: z.strictObject({
    type: z.enum(['patient', 'representative']),
    name: z.string().trim().min(1).max(200),
    ...contact,
  }),
  patient: z.strictObject({
    name: z.string().trim().min(1).max(200),
    birthDate: z.string().max(10),
    taxCode: optionalText(32),
    ...contact,
  }),
  pathologyArea: z.string().trim().min(1).max(64),
  language: z.enum(['it', 'en']),
  notes: optionalText(10_000),
  imageReview: z.boolean().default(false),
  deliveryChannel: z.enum(DELIVERY_CHANNELS),
  documents: z.array(documentReceipt).max(CHECKLIST_ITEMS.length).default([]),
});

export const recordDocumentsBody = z.strictObject({
  documents: z.array(documentReceipt).min(1).max(CHECKLIST_ITEMS.length),
});

export const referenceParam = z.string().regex(/^SO-\d{4}-\d{4,}$/, 'a reference looks like SO-2026-0001');

export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** `GET /api/v1/reports/sla`: a month (`from=2026-11`) or two local dates, both included; JSON or CSV. */
/** `GET /api/v1/cases/{reference}/history`: the case history as JSON or CSV (never personal data). */
export const historyQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

export const slaReportQuery = z.strictObject({
  from: z.string().max(10).optional().describe('First day (YYYY-MM-DD), or a month (YYYY-MM) without `to`; default: this month'),
  to: z.string().max(10).optional().describe('Last day included (YYYY-MM-DD)'),
  format: z.enum(['json', 'csv']).default('json'),
});

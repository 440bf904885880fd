import { z } from 'zod';
import { CASE_STATUSES } from '../domain/case.js';
import { CHECKLIST_ITEMS } from '../domain/checklist.js';
import { DELIVERY_CHANNELS } from '../domain/payment.js';

/**
 * What the integration API answers, as zod schemas: the OpenAPI document is generated from them and
 * the API tests parse real answers with them (strictly), so the document cannot drift from the code.
 */

const instant = z.string().describe('ISO 8601 instant');
const nullableInstant = instant.nullable();

export const errorResponse = z.strictObject({
  error: z.string(),
  issues: z.array(z.strictObject({ path: z.string(), message: z.string() })),
});

export const caseResponse = z.strictObject({
  reference: z.string().describe('SO-YYYY-NNNN'),
  externalId: z.string().nullable(),
  status: z.enum(CASE_STATUSES),
  applicantType: z.enum(['patient', 'representative']),
  pathologyArea: z.string(),
  language: z.enum(['it', 'en']),
  imageReview: z.boolean(),
  deliveryChannel: z.enum(DELIVERY_CHANNELS),
  createdAt: nullableInstant,
  checklist: z.array(
    z.strictObject({
      item: z.enum(CHECKLIST_ITEMS),
      required: z.boolean(),
      state: z.enum(['missing', 'received', 'rejected']),
      receivedAt: nullableInstant,
      reason: z.string().nullable(),
    }),
  ),
  payment: z.strictObject({
    expectedCents: z.number().int(),
    state: z.enum(['pending', 'confirmed', 'mismatch_accepted']),
    receivedCents: z.number().int().nullable(),
    transfers: z
      .array(
        z.strictObject({
          bankReference: z.string().nullable().describe("the bank's reference of the credit (AcctSvcrRef); null when the bank gave none"),
          amountCents: z.number().int(),
          valueDate: z.string().describe('YYYY-MM-DD'),
          outcome: z.enum(['matched', 'matched_by_coordinator']).describe('found by a statement import, or matched by a coordinator from the queue'),
          confirmed: z.boolean().describe('the payment was confirmed with this credit'),
        }),
      )
      .describe('bank credits found for the case (POST /payments/statements), oldest first'),
  }),
  assignee: z.string().nullable().describe('Slack user id of the lead reviewer'),
  board: z.strictObject({
    lead: z.string().nullable(),
    consults: z.array(
      z.strictObject({
        area: z.string(),
        state: z.enum(['open', 'claimed', 'answered', 'withdrawn']),
        assignee: z.string().nullable(),
        dueAt: nullableInstant,
        answeredAt: nullableInstant,
        imageReview: z.boolean(),
      }),
    ),
  }),
  sla: z.strictObject({
    state: z.enum(['not_started', 'running', 'paused', 'stopped']),
    startedAt: nullableInstant,
    dueAt: nullableInstant,
    remainingWorkingSeconds: z.number().int().nullable().describe('negative when overdue'),
    breached: z.boolean(),
  }),
});

const figures = {
  delivered: z.number().int(),
  onTime: z.number().int(),
  onTimeRate: z.number().nullable().describe('0..1; null when nothing was delivered'),
  medianWorkingDays: z.number().nullable().describe('turnaround on the SLA clock (pauses excluded)'),
  p90WorkingDays: z.number().nullable(),
  pauses: z.number().int().describe('requests for information of the delivered cases'),
  pausedWorkingHours: z.number(),
  openNow: z.number().int(),
  breachedNow: z.number().int(),
};

export const slaReportResponse = z.strictObject({
  period: z.strictObject({ from: z.string(), to: z.string(), timeZone: z.string() }),
  generatedAt: instant,
  targetWorkingDays: z.number(),
  total: z.strictObject(figures),
  byArea: z.array(z.strictObject({ area: z.string(), ...figures })),
  byDoctor: z.array(z.strictObject({ userId: z.string(), name: z.string().nullable(), ...figures })),
});

export const historyResponse = z.strictObject({
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  timeZone: z.string(),
  personalDataErasedAt: nullableInstant,
  events: z.array(
    z.strictObject({
      seq: z.number().int(),
      kind: z.string().describe('event type, e.g. claimed, details_viewed (a view of the personal data), personal_data_erased'),
      actor: z.string().describe('Slack user id, api:<client> or system:retention'),
      actorName: z.string().nullable(),
      effectiveAt: instant.describe('when it happened'),
      recordedAt: instant.describe('when it was recorded'),
      reason: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});

const countsShape = {
  entries: z.number().int().describe('every entry of the file'),
  credits: z.number().int().describe('booked credits in euro'),
  new: z.number().int().describe('credits not imported before'),
  duplicates: z.number().int().describe('credits imported before (the same or an overlapping statement)'),
  matched: z.number().int(),
  ambiguous: z.number().int(),
  unmatched: z.number().int(),
  skipped: z.number().int().describe('debits, pending entries, other currencies, reversals'),
};

export const statementImportResponse = z.strictObject({
  statementId: z.number().int().nullable().describe('null when the file held nothing new (nothing was stored)'),
  format: z.string().describe('camt.053.001.08, camt.054.001.02, …, or csv'),
  counts: z.strictObject(countsShape),
  entries: z.array(
    z.strictObject({
      position: z.number().int().describe('entry number (camt) or line number (CSV) in the file'),
      bankReference: z.string().nullable(),
      amountCents: z.number().int(),
      valueDate: z.string().describe('YYYY-MM-DD'),
      outcome: z.enum(['matched', 'ambiguous', 'unmatched', 'duplicate', 'skipped']),
      caseReference: z.string().nullable().describe('the case the credit was matched to'),
      reason: z.string().describe('why, e.g. "amount 500.00, expected 518.00 (SO-2026-0001)"'),
      confirmed: z.boolean().describe('the payment was confirmed by this import (PAYMENTS_AUTO_CONFIRM=exact)'),
    }),
  ),
});

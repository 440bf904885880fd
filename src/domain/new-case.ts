import { z } from 'zod';
import type { Language } from './events.js';
import { CHECKLIST_ITEMS, type ApplicantType } from './checklist.js';
import type { DocumentReceipt } from './commands.js';
import { isoDateString, localIsoDate, parseIsoDate, parseLocalDateTime } from './local-time.js';
import { DELIVERY_CHANNELS, type DeliveryChannel } from './payment.js';
import { CONTROL_CHARACTERS, TEXT_LIMITS, type FieldProblem } from './text-rules.js';

/**
 * The one validation of a new case's input (SPEC sections 2 and 6): the HTTP API parses its body
 * with it and the Slack modals parse their submission with it, so both refuse the same things with
 * the same reasons, field by field.
 */

export interface NewCaseInput {
  externalId: string | null;
  /** `language`: the language the applicant is written to (SPEC section 10); null: the documentation language. */
  applicant: { type: ApplicantType; name: string; email: string | null; phone: string | null; language: Language | null };
  patient: { name: string; birthDate: string; taxCode: string | null; email: string | null; phone: string | null };
  pathologyArea: string;
  language: Language;
  notes: string | null;
  imageReview: boolean;
  deliveryChannel: DeliveryChannel;
  documents: DocumentReceipt[];
}

/** What the rules depend on: the configured areas, the calendar (dates without an offset) and now. */
export interface NewCaseRules {
  pathologyAreas: readonly string[];
  timeZone: string;
  openMinute: number;
  nowMs: number;
}

export interface FieldIssue {
  /** Dotted path in the API body, e.g. `patient.name` or `documents.0.receivedAt`. */
  path: string;
  problem: FieldProblem;
}

export type NewCaseParse = { ok: true; input: NewCaseInput } | { ok: false; issues: FieldIssue[] };

/** Nobody alive was born earlier; an earlier year is a typing error (and year 0 does not exist). */
const EARLIEST_BIRTH_YEAR = 1900;

const problem = (p: FieldProblem) => ({ params: { problem: p } });

/** Text without control characters; trimmed; empty means absent for optional fields. */
const cleanText = (max: number) =>
  z
    .string()
    .refine((v) => !CONTROL_CHARACTERS.test(v), problem({ key: 'control_characters' }))
    .transform((v) => v.trim())
    .pipe(z.string().max(max));

const requiredText = (max: number) => cleanText(max).pipe(z.string().min(1));
const optionalText = (max: number) =>
  cleanText(max)
    .nullish()
    .transform((v) => v || null);

const optionalEmail = cleanText(TEXT_LIMITS.email)
  .pipe(z.union([z.literal(''), z.email()]))
  .nullish()
  .transform((v) => v || null);

/** A receipt instant as people type it (SPEC section 3); without an offset, in the calendar's zone. */
const receivedAtField = (rules: Pick<NewCaseRules, 'timeZone' | 'openMinute'>) =>
  z
    .string()
    .max(64)
    .transform((v, ctx) => {
      const ms = parseLocalDateTime(v, rules);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', params: { problem: { key: 'invalid_instant' } satisfies FieldProblem } });
        return z.NEVER;
      }
      return ms;
    });

const receipt = (rules: Pick<NewCaseRules, 'timeZone' | 'openMinute'>) =>
  z.strictObject({ item: z.enum(CHECKLIST_ITEMS), receivedAt: receivedAtField(rules) });

function schema(rules: NewCaseRules) {
  const today = localIsoDate(rules.nowMs, rules.timeZone);
  // Missing, malformed or implausible: one answer, the rule a person needs to read.
  const birthDate = z.unknown().refine((v): v is string => {
    if (typeof v !== 'string' || v.length > 10) return false;
    const d = parseIsoDate(v);
    return d !== null && d.year >= EARLIEST_BIRTH_YEAR && isoDateString(d) <= today;
  }, problem({ key: 'invalid_birth_date' }));
  return z.strictObject({
    externalId: optionalText(TEXT_LIMITS.externalId),
    applicant: z.strictObject({
      type: z.enum(['patient', 'representative']),
      name: requiredText(TEXT_LIMITS.name),
      email: optionalEmail,
      phone: optionalText(TEXT_LIMITS.phone),
      language: z.enum(['it', 'en']).nullish().transform((v) => v ?? null),
    }),
    patient: z.strictObject({
      name: requiredText(TEXT_LIMITS.name),
      birthDate,
      taxCode: optionalText(TEXT_LIMITS.taxCode),
      email: optionalEmail,
      phone: optionalText(TEXT_LIMITS.phone),
    }),
    pathologyArea: z.string().refine((v) => rules.pathologyAreas.includes(v), problem({ key: 'unknown_area', areas: rules.pathologyAreas })),
    language: z.enum(['it', 'en']),
    notes: optionalText(TEXT_LIMITS.notes),
    imageReview: z.boolean().default(false),
    deliveryChannel: z.enum(DELIVERY_CHANNELS),
    documents: z.array(receipt(rules)).max(CHECKLIST_ITEMS.length).default([]),
  });
}

/**
 * Whether the value at `path` of what was sent is absent (or null). zod's issues do not carry the
 * input, so it is looked up in the body: a missing field is "required", not "expected one of …".
 */
export function isMissing(raw: unknown, path: readonly PropertyKey[]): boolean {
  let value: unknown = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return true;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined || value === null;
}

/** What a zod issue means for the person who typed the value (`raw`: what they sent). */
function problemOf(issue: z.core.$ZodIssue, raw: unknown): FieldProblem {
  const custom = (issue as { params?: { problem?: FieldProblem } }).params?.problem;
  if (custom) return custom;
  const missing = isMissing(raw, issue.path);
  switch (issue.code) {
    case 'too_big':
      return { key: 'too_long', max: Number(issue.maximum) };
    case 'too_small':
      return { key: 'required' };
    case 'invalid_type':
      if (issue.path.length === 0) return { key: 'not_an_object' };
      return missing ? { key: 'required' } : { key: 'invalid' };
    case 'invalid_value':
      return missing ? { key: 'required' } : { key: 'invalid_choice', options: issue.values.map(String) };
    case 'invalid_format':
      return issue.format === 'email' ? { key: 'invalid_email' } : { key: 'invalid' };
    case 'unrecognized_keys':
      return { key: 'unknown_field', fields: issue.keys };
    case 'invalid_union':
      return { key: 'invalid_email' };
    default:
      return { key: 'invalid' };
  }
}

export function parseNewCase(raw: unknown, rules: NewCaseRules): NewCaseParse {
  const result = schema(rules).safeParse(raw);
  if (!result.success) {
    return { ok: false, issues: result.error.issues.map((i) => ({ path: i.path.join('.'), problem: problemOf(i, raw) })) };
  }
  const b = result.data;
  return {
    ok: true,
    input: {
      externalId: b.externalId,
      applicant: b.applicant,
      patient: b.patient,
      pathologyArea: b.pathologyArea,
      language: b.language,
      notes: b.notes,
      imageReview: b.imageReview,
      deliveryChannel: b.deliveryChannel,
      documents: b.documents.map((d) => ({ item: d.item, receivedAtMs: d.receivedAt })),
    },
  };
}

const documentReceiptsSchema = (rules: Pick<NewCaseRules, 'timeZone' | 'openMinute'>) =>
  z.strictObject({ documents: z.array(receipt(rules)).min(1).max(CHECKLIST_ITEMS.length) });

/** The body schemas themselves, from which the API's OpenAPI document is generated. */
export const requestBodySchemas = { newCase: schema, documentReceipts: documentReceiptsSchema };

/** The receipts of `POST /cases/{reference}/documents`, by the same rules. */
export function parseDocumentReceipts(raw: unknown, rules: Pick<NewCaseRules, 'timeZone' | 'openMinute'>): { ok: true; documents: DocumentReceipt[] } | { ok: false; issues: FieldIssue[] } {
  const result = documentReceiptsSchema(rules).safeParse(raw);
  if (!result.success) {
    return { ok: false, issues: result.error.issues.map((i) => ({ path: i.path.join('.'), problem: problemOf(i, raw) })) };
  }
  return { ok: true, documents: result.data.documents.map((d) => ({ item: d.item, receivedAtMs: d.receivedAt })) };
}

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { BLOCKS, inputAction } from './ids.js';

/**
 * Reading a submitted modal: its private metadata (which case, which consult), its fields whatever
 * Slack sent of their values, and the errors shown under them. Shared by every action's form.
 */

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const metadata = z.object({
  reference: z.string(),
  expectedCents: z.number().optional(),
  channel: z.string().optional(),
  consult: z.number().int().positive().optional(),
  absent: z.string().regex(/^[UW][A-Z0-9]+$/).optional(),
  mail: z.number().int().positive().optional(),
  transfer: z.number().int().positive().optional(),
});

type Metadata = z.infer<typeof metadata>;

/** A submitted modal's private metadata, or null when it is not ours (a stale or forged form). */
function metadataOf(raw: string | undefined): Metadata | null {
  try {
    const parsed = metadata.safeParse(raw ? JSON.parse(raw) : null);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The absent doctor a "Reassign all" modal is about, or null. */
export const absentOfMetadata = (raw: string | undefined): string | null => metadataOf(raw)?.absent ?? null;

/** The e-mail, or the bank credit, an inbox form is about, or null. */
export const mailOfMetadata = (raw: string | undefined): number | null => metadataOf(raw)?.mail ?? null;
export const transferOfMetadata = (raw: string | undefined): number | null => metadataOf(raw)?.transfer ?? null;

/** The consult a consult's modal is about, or null. */
export const consultOfMetadata = (raw: string | undefined): number | null => metadataOf(raw)?.consult ?? null;

/** The case a modal is about, or '' (a modal about a person, or not ours). */
export const referenceOfMetadata = (raw: string | undefined): string => metadataOf(raw)?.reference ?? '';

const elementState = z.looseObject({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).optional(),
  selected_date: z.string().nullish(),
  selected_date_time: z.number().nullish(),
  selected_user: z.string().nullish(),
});
/** `view.state.values` as Slack sends it; anything else reads as an empty form (answered field by field). */
const stateValues = z.record(z.string(), z.record(z.string(), elementState)).catch({});

/** Where a refusal about a field is shown: the input block that holds it. */
export const FIELD_BLOCKS: Record<string, string> = {
  reason: BLOCKS.reason,
  case_reference: BLOCKS.caseReference,
  amount: BLOCKS.amount,
  value_date: BLOCKS.valueDate,
  bank_reference: BLOCKS.bankReference,
  question: BLOCKS.question,
  received_at: BLOCKS.receivedAt,
  assignee: BLOCKS.doctor,
  'applicant.type': BLOCKS.applicantType,
  'applicant.name': BLOCKS.applicantName,
  'applicant.email': BLOCKS.applicantEmail,
  'applicant.language': BLOCKS.applicantLanguage,
  'patient.name': BLOCKS.patientName,
  'patient.birthDate': BLOCKS.birthDate,
  'patient.taxCode': BLOCKS.taxCode,
  pathologyArea: BLOCKS.area,
  area: BLOCKS.consultArea,
  due_at: BLOCKS.consultDueAt,
  consultant: BLOCKS.doctor,
  language: BLOCKS.language,
  notes: BLOCKS.notes,
  imageReview: BLOCKS.imageReview,
  deliveryChannel: BLOCKS.deliveryChannel,
  from: BLOCKS.absenceFrom,
  to: BLOCKS.absenceTo,
  cover: BLOCKS.cover,
  delivered_at: BLOCKS.deliveredAt,
  courier_tracking: BLOCKS.courierTracking,
};

export class FieldErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('field errors');
  }
}

/** The blocks of the submitted modal, by id: where its fields are, whatever Slack sent of their values. */
const viewBlocks = z.array(z.looseObject({ block_id: z.string().optional() })).catch([]);

export function reader(view: ViewSubmitAction['view']) {
  const values = stateValues.parse(view.state?.values);
  const shown = new Set(viewBlocks.parse(view.blocks).flatMap((b) => (b.block_id ? [b.block_id] : [])));
  const get = (block: string): z.infer<typeof elementState> => values[block]?.[inputAction(block)] ?? {};
  return {
    /** Whether the modal has this field (an error can be shown under it). */
    has: (block: string) => shown.has(block) || block in values,
    text: (block: string) => get(block).value?.trim() ?? '',
    selected: (block: string) => get(block).selected_option?.value ?? null,
    checked: (block: string) => (get(block).selected_options ?? []).map((o) => o.value),
    date: (block: string) => get(block).selected_date ?? null,
    user: (block: string) => get(block).selected_user ?? null,
    dateTimeMs: (block: string) => {
      const s = get(block).selected_date_time;
      return typeof s === 'number' ? s * 1000 : null;
    },
  };
}

/**
 * Euro cents from an amount as people type it: "668", "668.00", "668,00", "€ 668", "668 €", "EUR 668",
 * "1.068,00" or "1,068.00". A separator followed by exactly three digits groups thousands.
 */
export function parseEuroCents(text: string): number | null {
  const bare = text.trim().replace(/^(?:€|eur)\s*/i, '').replace(/\s*(?:€|eur)$/i, '').replace(/\s+/g, '');
  const m = /^(\d{1,3}(?:([.,'])\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(bare);
  if (!m || (m[2] && m[3] && m[2] === m[3])) return null;
  const euros = Number(m[1]!.replace(/[.,']/g, ''));
  if (!Number.isSafeInteger(euros) || euros > 9_999_999) return null;
  return euros * 100 + Number((m[4] ?? '0').padEnd(2, '0'));
}

/** The reader of a submitted modal's fields. */
export type FormReader = ReturnType<typeof reader>;

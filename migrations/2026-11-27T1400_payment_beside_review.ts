import { sql, type Kysely } from 'kysely';

/**
 * SPEC section 2 changed two rules; this makes existing data follow them.
 *
 * 1. The courier fee is charged for every report (it pays for sending the report back, not for how
 *    the documents arrived). Open cases whose payment is still pending and whose expected amount left
 *    it out get a correction event (`expected_amount_changed`: the history is append-only) and their
 *    derived amounts. A payment already confirmed was checked against what the centre asked for at
 *    the time and stays as it is. The fee is `PRICE_COURIER_CENTS` as the application reads it
 *    (default 1800): the migration runs with the application's environment.
 * 2. A case is `ready` as soon as its documentation is complete (payment runs beside the review).
 *    The stored status of cases left in `intake` only for want of a payment is re-derived from their
 *    events: every required item's latest receipt or rejection is a receipt. (An `intake` status
 *    already implies no reviewer, no pause, no delivery and no cancellation.)
 */

const BASE_ITEMS = [
  'request_form',
  'privacy_consent',
  'patient_identity_card',
  'patient_health_card',
  'clinical_documentation',
  'referring_physician_report',
  'bank_transfer_copy',
];

export function courierCents(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PRICE_COURIER_CENTS?.trim() || '1800';
  const cents = Number(raw);
  if (!Number.isInteger(cents) || cents < 0) throw new Error(`PRICE_COURIER_CENTS: "${raw}" is not a whole number of cents`);
  return cents;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const courier = courierCents();
  await sql`
    WITH repriced AS (
      SELECT id, expected_cents + ${courier}::integer AS cents
      FROM cases
      WHERE status IN ('intake', 'ready', 'in_review', 'awaiting_info')
        AND payment_state = 'pending'
        AND delivery_channel <> 'courier'
        AND ${courier}::integer > 0
    ), corrected AS (
      INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, reason, data)
      SELECT id, 'expected_amount_changed', 'system:migration', now(), now(),
        'The courier fee is charged for every report (SPEC section 2).',
        jsonb_build_object('type', 'expected_amount_changed', 'v', 1, 'expectedCents', cents)
      FROM repriced
      RETURNING case_id
    )
    UPDATE cases SET expected_cents = r.cents, version = version + 1, updated_at = now()
    FROM repriced r
    WHERE cases.id = r.id AND r.id IN (SELECT case_id FROM corrected)
  `.execute(db);
  await sql`
    UPDATE payments SET expected_cents = c.expected_cents
    FROM cases c
    WHERE payments.case_id = c.id AND payments.state = 'pending' AND payments.expected_cents <> c.expected_cents
  `.execute(db);

  await sql`
    WITH required AS (
      SELECT c.id AS case_id, item
      FROM cases c
      CROSS JOIN LATERAL unnest(
        ${sql.raw(`ARRAY[${BASE_ITEMS.map((i) => `'${i}'`).join(', ')}]`)}
        || CASE WHEN c.applicant_type = 'representative'
             THEN ARRAY['representative_identity_card', 'legal_representation_proof'] ELSE ARRAY[]::text[] END
        || CASE WHEN c.image_review THEN ARRAY['diagnostic_images'] ELSE ARRAY[]::text[] END
      ) AS item
      WHERE c.status = 'intake'
    ), latest AS (
      SELECT DISTINCT ON (e.case_id, e.data->>'item') e.case_id, e.data->>'item' AS item, e.type
      FROM case_events e
      JOIN cases c ON c.id = e.case_id AND c.status = 'intake'
      WHERE e.type IN ('document_received', 'document_rejected')
      ORDER BY e.case_id, e.data->>'item', e.id DESC
    ), complete AS (
      SELECT r.case_id
      FROM required r
      LEFT JOIN latest l ON l.case_id = r.case_id AND l.item = r.item
      GROUP BY r.case_id
      HAVING bool_and(l.type IS NOT DISTINCT FROM 'document_received')
    )
    UPDATE cases SET status = 'ready', version = version + 1, updated_at = now()
    WHERE status = 'intake' AND id IN (SELECT case_id FROM complete)
  `.execute(db);
}

/** Nothing to undo: the corrections are history, and `ready` is what the events say today. */
export async function down(): Promise<void> {}

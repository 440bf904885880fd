import pg from 'pg';

export const DOCTOR = 'UDOCBENCH';

/**
 * Everything in SQL with generate_series (set-based: a million cases in minutes): status by i mod 20
 * (10 of 20 open), closed cases over three years, one doctor holds 200 open cases and covers an area
 * with unclaimed cases waiting (1 in 40 of all cases), as a doctor's App Home shows them.
 */
export async function seedCases(databaseUrl: string, CASES: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`
    -- Half the cases closed (delivered 9 in 20, cancelled 1 in 20) and spread over the last three
    -- years; the open half created over the last 60 days.
    CREATE TEMP TABLE spec AS
    SELECT i, status,
      CASE WHEN status IN ('delivered','cancelled') THEN now() - (((i::bigint * 7919) % 1095) || ' days')::interval - ((i % 9) || ' hours')::interval
           ELSE now() - ((i % 60) || ' days')::interval - ((i % 9) || ' hours')::interval END AS created
    FROM (SELECT i,
      CASE WHEN i % 20 < 9 THEN 'delivered' WHEN i % 20 = 9 THEN 'cancelled' WHEN i % 20 < 12 THEN 'intake'
           WHEN i % 20 < 14 THEN 'ready' WHEN i % 20 < 19 THEN 'in_review' ELSE 'awaiting_info' END AS status
      FROM generate_series(1, ${CASES}) i) s;

    INSERT INTO cases (id, reference, year, seq, status, applicant_type, pathology_area, language, image_review,
      delivery_channel, expected_cents, assignee, payment_state, docs_completed_at, sla_state, sla_due_at,
      sla_breached, sla_elapsed_seconds, paused_since, closed_at, created_at, updated_at, pause_count, sla_paused_seconds)
    SELECT i, 'SO-2026-' || lpad(i::text, 7, '0'), 2026, i, status, 'patient',
      (ARRAY['head_and_neck','brain_and_spine','sarcoma','prostate','pancreas','eye','paediatric','other'])[1 + i % 8],
      'it', false, 'email', 50000,
      CASE WHEN status IN ('in_review','awaiting_info','delivered') THEN 'UDOC' || (i % 250) END,
      CASE WHEN status = 'intake' THEN 'pending' ELSE 'confirmed' END,
      CASE WHEN status = 'intake' THEN NULL ELSE created + interval '1 hour' END,
      CASE WHEN status = 'intake' THEN 'not_started' WHEN status IN ('delivered','cancelled') THEN 'stopped'
           WHEN status = 'awaiting_info' THEN 'paused' ELSE 'running' END,
      CASE WHEN status = 'intake' THEN NULL ELSE now() + (((i::bigint * 7919) % 2000 - 1000) || ' minutes')::interval * 14 END,
      i % 10 = 0, 100000 + (i * 37) % 90000,
      CASE WHEN status = 'awaiting_info' THEN now() - ((i % 10) || ' days')::interval END,
      CASE WHEN status IN ('delivered','cancelled') THEN created + interval '5 days' END,
      created, created,
      CASE WHEN i % 5 = 0 THEN 1 ELSE 0 END, CASE WHEN i % 5 = 0 THEN 3600 * (1 + i % 18) ELSE 0 END
    FROM spec;
    SELECT setval('cases_id_seq', ${CASES});

    -- The benchmark doctor holds the first 200 cases in review.
    UPDATE cases SET assignee = '${DOCTOR}' WHERE id IN (SELECT id FROM cases WHERE status = 'in_review' ORDER BY id LIMIT 200);

    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT i, 'case_created', 'api:bench', created, created,
      jsonb_build_object('type','case_created','applicantType','patient','pathologyArea',
        (ARRAY['head_and_neck','brain_and_spine','sarcoma','prostate','pancreas','eye','paediatric','other'])[1 + i % 8],
        'language','it','imageReview',false,'deliveryChannel','email','expectedCents',50000)
    FROM spec;
    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT i, 'document_received', 'api:bench', created + interval '1 hour', created + interval '1 hour', jsonb_build_object('type','document_received','item',item)
    FROM spec, unnest(ARRAY['request_form','privacy_consent','patient_identity_card','patient_health_card',
      'clinical_documentation','referring_physician_report','bank_transfer_copy']) item
    WHERE status <> 'intake';
    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT i, 'payment_confirmed', 'UCOORD', created + interval '2 hours', created + interval '2 hours',
      jsonb_build_object('type','payment_confirmed','receivedCents',50000,'valueDate','2026-11-01','bankReference','CRO','mismatch',null)
    FROM spec WHERE status <> 'intake';
    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT c.id, 'claimed', c.assignee, s.created + interval '3 hours', s.created + interval '3 hours', jsonb_build_object('type','claimed','assignee',c.assignee)
    FROM cases c JOIN spec s ON s.i = c.id WHERE c.assignee IS NOT NULL;
    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT i, 'info_requested', 'UDOC', created + interval '1 day', created + interval '1 day', jsonb_build_object('type','info_requested','question','?')
    FROM spec WHERE status = 'awaiting_info';
    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT i, status, 'UDOC', created + interval '5 days', created + interval '5 days',
      jsonb_build_object('type', CASE WHEN status = 'delivered' THEN 'delivered' ELSE 'cancelled' END)
    FROM spec WHERE status IN ('delivered','cancelled');

    -- Two planned reminders per open case, all in the future: the sweep finds nothing to send.
    INSERT INTO notifications (case_id, subject, kind, occurrence, due_at, status, created_at)
    SELECT i, 'case:' || i, kind, 1, now() + ((i % 5000) || ' minutes')::interval + interval '1 hour', 'planned', now()
    FROM spec, unnest(ARRAY['breached','due_soon']) kind
    WHERE status IN ('intake','ready','in_review','awaiting_info');
    INSERT INTO staff_roles (slack_user_id, role, areas, granted_by, granted_at)
    VALUES ('${DOCTOR}', 'doctor', '{head_and_neck}', 'bench', now()), ('UMGRBENCH', 'manager', '{}', 'bench', now()),
           ('UCOORDBENCH', 'coordinator', '{}', 'bench', now());
  `);
  // What autovacuum does after a bulk load (PostgreSQL 13+ vacuums tables after many inserts): the
  // visibility map lets counts be answered from the indexes alone, as they are on a live system.
  await client.query('VACUUM ANALYZE');
  await client.end();
}

/** The reference of the i-th seeded case (1-based), as `seedCases` writes it. */
export const seededReference = (i: number): string => `SO-2026-${String(i).padStart(7, '0')}`;

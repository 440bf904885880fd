import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's table types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reference_counters (
      year integer PRIMARY KEY,
      last_value integer NOT NULL
    );

    CREATE TABLE cases (
      id bigserial PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      year integer NOT NULL,
      seq integer NOT NULL,
      external_id text UNIQUE,
      status text NOT NULL CHECK (status IN ('intake','ready','in_review','awaiting_info','delivered','cancelled')),
      applicant_type text NOT NULL CHECK (applicant_type IN ('patient','representative')),
      pathology_area text NOT NULL,
      language text NOT NULL CHECK (language IN ('it','en')),
      image_review boolean NOT NULL,
      delivery_channel text NOT NULL CHECK (delivery_channel IN ('email','pec','courier','hand')),
      expected_cents integer NOT NULL,
      assignee text,
      payment_state text NOT NULL,
      docs_completed_at timestamptz,
      sla_state text NOT NULL,
      sla_due_at timestamptz,
      sla_breached boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 0,
      UNIQUE (year, seq)
    );
    -- Open cases by due instant: the reminder sweep, "due" and "breached" lists, the digest.
    CREATE INDEX cases_open_due_idx ON cases (sla_due_at)
      WHERE status IN ('intake','ready','in_review','awaiting_info');
    -- A doctor's cases by due instant (App Home, "list mine", open cases per doctor).
    CREATE INDEX cases_assignee_due_idx ON cases (assignee, sla_due_at)
      WHERE status IN ('intake','ready','in_review','awaiting_info');
    CREATE INDEX cases_status_idx ON cases (status, created_at);
    CREATE INDEX cases_created_idx ON cases (created_at);

    -- Personal data lives apart from the workflow so that it is read only where it is needed.
    CREATE TABLE case_personal_data (
      case_id bigint PRIMARY KEY REFERENCES cases(id),
      applicant_name text NOT NULL,
      applicant_email text,
      applicant_phone text,
      patient_name text NOT NULL,
      patient_birth_date date NOT NULL,
      patient_tax_code text,
      patient_email text,
      patient_phone text,
      notes text
    );

    CREATE TABLE case_events (
      id bigserial PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES cases(id),
      type text NOT NULL,
      actor text NOT NULL,
      effective_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      reason text,
      data jsonb NOT NULL
    );
    CREATE INDEX case_events_case_idx ON case_events (case_id, id);
    CREATE INDEX case_events_type_effective_idx ON case_events (type, effective_at);

    -- The history is append-only: corrections are new events, never edits.
    CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_events is append-only';
    END $$;
    CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

    CREATE TABLE checklist_items (
      case_id bigint NOT NULL REFERENCES cases(id),
      item text NOT NULL,
      required boolean NOT NULL,
      state text NOT NULL CHECK (state IN ('missing','received','rejected')),
      received_at timestamptz,
      reason text,
      PRIMARY KEY (case_id, item)
    );

    CREATE TABLE payments (
      case_id bigint PRIMARY KEY REFERENCES cases(id),
      expected_cents integer NOT NULL,
      state text NOT NULL CHECK (state IN ('pending','confirmed','mismatch_accepted')),
      received_cents integer,
      value_date date,
      bank_reference text,
      mismatch text,
      reason text
    );

    CREATE TABLE staff_roles (
      slack_user_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('coordinator','doctor','manager','admin')),
      areas text[] NOT NULL DEFAULT '{}',
      granted_by text NOT NULL,
      granted_at timestamptz NOT NULL,
      PRIMARY KEY (slack_user_id, role)
    );
    CREATE INDEX staff_roles_role_idx ON staff_roles (role);

    -- What is planned and what was sent. One row per subject, kind and occurrence: the unique key
    -- is what makes a notification go out at most once, whatever Redis and the workers do.
    CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      case_id bigint REFERENCES cases(id),
      subject text NOT NULL,
      kind text NOT NULL,
      occurrence integer NOT NULL,
      due_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('planned','sent','cancelled','failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (subject, kind, occurrence)
    );
    CREATE INDEX notifications_planned_due_idx ON notifications (due_at) WHERE status = 'planned';
    CREATE INDEX notifications_case_idx ON notifications (case_id);

    CREATE TABLE idempotency_keys (
      key text PRIMARY KEY,
      request_hash text NOT NULL,
      case_id bigint NOT NULL REFERENCES cases(id),
      created_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS idempotency_keys, notifications, staff_roles, payments, checklist_items,
      case_events, case_personal_data, cases, reference_counters CASCADE;
    DROP FUNCTION IF EXISTS case_events_append_only();
  `.execute(db);
}

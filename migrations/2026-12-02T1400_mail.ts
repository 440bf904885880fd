import { sql, type Kysely } from 'kysely';

/**
 * Correspondence with the applicant (SPEC section 10).
 * - `case_personal_data.applicant_language`: the language the applicant is written to (null: the
 *   documentation language).
 * - `mail_outbox`: each e-mail to an applicant, written in the transaction of the change that causes
 *   it, unique per case, kind and occurrence; leased by a sender (`claimed_by` until
 *   `next_attempt_at`) as the Slack outbox is. `due_at` is business time (a reminder waits for
 *   working hours); `next_attempt_at` is the senders' wall clock (leases, backoff). The address,
 *   subject and bodies are personal data: erasure blanks them.
 * - `mail_inbound`: the metadata of each message read from the mailbox (never its subject or body),
 *   known by its Message-ID and by mailbox + UIDVALIDITY + UID, so each is handled once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE case_personal_data ADD COLUMN IF NOT EXISTS applicant_language text;

    CREATE TABLE IF NOT EXISTS mail_outbox (
      id serial PRIMARY KEY,
      case_id integer NOT NULL REFERENCES cases(id),
      kind text NOT NULL,
      occurrence integer NOT NULL,
      series text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
      to_address text,
      language text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      facts jsonb NOT NULL DEFAULT '{}'::jsonb,
      message_id text NOT NULL UNIQUE,
      due_at timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      claimed_by text,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      delivery_confirmed_at timestamptz,
      UNIQUE (case_id, kind, occurrence)
    );
    CREATE INDEX IF NOT EXISTS mail_outbox_pending_idx ON mail_outbox (next_attempt_at, id) WHERE status = 'pending';
    CREATE INDEX IF NOT EXISTS mail_outbox_case_idx ON mail_outbox (case_id, id);

    CREATE TABLE IF NOT EXISTS mail_inbound (
      id serial PRIMARY KEY,
      message_id text,
      mailbox text NOT NULL,
      uidvalidity bigint NOT NULL,
      uid bigint NOT NULL,
      received_at timestamptz NOT NULL,
      from_address text,
      kind text NOT NULL CHECK (kind IN ('reply', 'pec_receipt', 'unmatched')),
      pec boolean NOT NULL DEFAULT false,
      case_id integer REFERENCES cases(id),
      matched_by text,
      outbox_id integer REFERENCES mail_outbox(id),
      attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
      handled_at timestamptz,
      handled_by text,
      recorded_at timestamptz NOT NULL,
      UNIQUE (mailbox, uidvalidity, uid)
    );
    CREATE UNIQUE INDEX IF NOT EXISTS mail_inbound_message_id_idx ON mail_inbound (message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS mail_inbound_open_idx ON mail_inbound (id) WHERE handled_at IS NULL AND kind <> 'pec_receipt';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS mail_inbound;
    DROP TABLE IF EXISTS mail_outbox;
    ALTER TABLE case_personal_data DROP COLUMN IF EXISTS applicant_language;
  `.execute(db);
}

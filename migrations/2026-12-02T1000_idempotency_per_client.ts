import { sql, type Kysely } from 'kysely';

/**
 * Idempotency keys and `externalId` belong to the API client that used them (SPEC section 6): two
 * clients never see each other's cases through a key. Keys stored before are given to the client
 * that created their case (the actor of its first event). `cases.external_id` is no longer unique
 * across the whole table: two clients may each have a `web-4711` of their own; each client's
 * uniqueness is kept by its idempotency keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS client text;
    UPDATE idempotency_keys k SET client = COALESCE(
      (SELECT e.actor FROM case_events e WHERE e.case_id = k.case_id ORDER BY e.id LIMIT 1), '')
      WHERE client IS NULL;
    ALTER TABLE idempotency_keys ALTER COLUMN client SET NOT NULL;
    ALTER TABLE idempotency_keys DROP CONSTRAINT IF EXISTS idempotency_keys_pkey;
    ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (client, key);
    ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_external_id_key;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE idempotency_keys DROP CONSTRAINT IF EXISTS idempotency_keys_pkey;
    DELETE FROM idempotency_keys a USING idempotency_keys b WHERE a.key = b.key AND a.ctid > b.ctid;
    ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (key);
    ALTER TABLE idempotency_keys DROP COLUMN IF EXISTS client;
  `.execute(db);
}

import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../types.js';

/** What stands in `request_hash` once the case's personal data were erased: no request matches it. */
export const ERASED_REQUEST = 'erased';

/**
 * The key of an erased case's request, kept as a one-way digest: the same key can be recognised when
 * it comes again, but the database no longer says what it was (an externalId links to the portal's
 * records of the patient). PostgreSQL computes the same digest in `forgetRequestsOf`.
 */
function erasedKey(key: string): string {
  return `erased:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** Idempotency keys of one client (the actor that used them): another client's keys are never seen. */
export function idempotencyRepository(trx: Transaction<Database>, client: string) {
  return {
    /** Serialises requests of this client that carry the same key until the transaction ends. */
    async lock(key: string): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${client}\n${key}`}, 0))`.execute(trx);
    },

    /**
     * The records of these keys, each under the key asked for; those of an erased case carry
     * `ERASED_REQUEST` as their hash.
     */
    async find(keys: readonly string[]) {
      if (keys.length === 0) return [];
      const asked = new Map(keys.flatMap((key) => [[key, key], [erasedKey(key), key]] as const));
      const rows = await trx
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('client', '=', client)
        .where('key', 'in', [...asked.keys()])
        .execute();
      return rows.map((row) => ({ ...row, key: asked.get(row.key)! }));
    },

    async remember(keys: readonly string[], requestHash: string, caseId: number, at: Date): Promise<void> {
      if (keys.length === 0) return;
      await trx
        .insertInto('idempotency_keys')
        .values(keys.map((key) => ({ client, key, request_hash: requestHash, case_id: caseId, created_at: at })))
        .execute();
    },
  };
}

/**
 * Erasure: a case's keys (whoever's client used them) become digests and its request hashes go (the
 * hash was taken over personal data). Must run in the erasing transaction.
 */
export async function forgetRequestsOfCase(trx: Transaction<Database>, caseId: number): Promise<void> {
  await sql`
    UPDATE idempotency_keys
       SET key = 'erased:' || encode(sha256(convert_to(key, 'UTF8')), 'hex'), request_hash = ${ERASED_REQUEST}
     WHERE case_id = ${caseId} AND request_hash <> ${ERASED_REQUEST}
  `.execute(trx);
}

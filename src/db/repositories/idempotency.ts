import { sql, type Transaction } from 'kysely';
import type { Database } from '../types.js';

/** Idempotency keys of one client (the actor that used them): another client's keys are never seen. */
export function idempotencyRepository(trx: Transaction<Database>, client: string) {
  return {
    /** Serialises requests of this client that carry the same key until the transaction ends. */
    async lock(key: string): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${client}\n${key}`}, 0))`.execute(trx);
    },

    async find(keys: readonly string[]) {
      if (keys.length === 0) return [];
      return trx.selectFrom('idempotency_keys').selectAll().where('client', '=', client).where('key', 'in', keys).execute();
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

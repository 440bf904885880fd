import { sql, type Kysely } from 'kysely';
import type { Db } from '../database.js';
import { prepared } from '../prepared.js';
import type { Database } from '../types.js';

/** Every Slack request runs this first: compiled once (see prepared.ts). A row back means a first sighting. */
const rememberKey = prepared((db: Kysely<Database>, key: string, expiresAt: Date, now: Date) =>
  db
    .insertInto('slack_seen_requests')
    .values({ key, expires_at: expiresAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ expires_at: expiresAt }).where('slack_seen_requests.expires_at', '<=', now))
    .returning(sql<number>`1`.as('first')),
);

/**
 * What Slack already sent us, shared by every process through PostgreSQL: a signed request's
 * signature until it could no longer be accepted, an event's id until Slack stops retrying it.
 */
export function seenRequestsRepository(db: Db) {
  return {
    /**
     * Remembers `key` until `expiresAtMs`; answers whether this is its first sighting. An expired
     * entry counts as not seen (it is taken over, so no purge is needed for correctness).
     */
    async firstSighting(key: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
      const { rows } = await rememberKey(db, key, new Date(expiresAtMs), new Date(nowMs));
      return rows.length > 0;
    },

    async purgeExpired(nowMs: number): Promise<number> {
      const res = await db.deleteFrom('slack_seen_requests').where('expires_at', '<=', new Date(nowMs)).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}

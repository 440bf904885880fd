import { sql } from 'kysely';
import type { Db } from '../database.js';

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
      const row = await db
        .insertInto('slack_seen_requests')
        .values({ key, expires_at: new Date(expiresAtMs) })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet({ expires_at: new Date(expiresAtMs) })
            .where('slack_seen_requests.expires_at', '<=', new Date(nowMs)),
        )
        .returning(sql<number>`1`.as('first'))
        .executeTakeFirst();
      return row !== undefined;
    },

    async purgeExpired(nowMs: number): Promise<number> {
      const res = await db.deleteFrom('slack_seen_requests').where('expires_at', '<=', new Date(nowMs)).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}

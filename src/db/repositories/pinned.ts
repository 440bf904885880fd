import type { Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../types.js';

type Executor = Db | Transaction<Database>;

export interface PinnedMessage {
  channel: string;
  ts: string;
  pinned: boolean;
}

/** Messages the app keeps pinned in a channel (the Today message), by name. */
export function pinnedRepository(db: Executor) {
  return {
    async get(name: string): Promise<PinnedMessage | null> {
      const row = await db.selectFrom('slack_pinned').select(['channel', 'ts', 'pinned']).where('name', '=', name).executeTakeFirst();
      return row ?? null;
    },

    /** A message just posted in its place: not pinned yet. */
    async posted(name: string, channel: string, ts: string): Promise<void> {
      await db
        .insertInto('slack_pinned')
        .values({ name, channel, ts, pinned: false })
        .onConflict((oc) => oc.column('name').doUpdateSet({ channel, ts, pinned: false }))
        .execute();
    },

    async markPinned(name: string, ts: string): Promise<void> {
      await db.updateTable('slack_pinned').set({ pinned: true }).where('name', '=', name).where('ts', '=', ts).execute();
    },
  };
}

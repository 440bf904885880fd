import type { Transaction } from 'kysely';
import type { Absence } from '../../domain/absence.js';
import type { Db } from '../database.js';
import type { Database } from '../types.js';

type Executor = Db | Transaction<Database>;

export interface StoredAbsence extends Absence {
  id: number;
}

/** Queries over recorded absences; the domain decides what they mean. */
export function absencesRepository(db: Executor) {
  const toAbsence = (r: { id: number; slack_user_id: string; starts_at: Date; ends_at: Date; cover: string | null }): StoredAbsence => ({
    id: r.id,
    userId: r.slack_user_id,
    fromMs: r.starts_at.getTime(),
    toMs: r.ends_at.getTime(),
    cover: r.cover,
  });
  const columns = ['id', 'slack_user_id', 'starts_at', 'ends_at', 'cover'] as const;

  return {
    async insert(a: Absence, recordedBy: string, atMs: number): Promise<number> {
      const row = await db
        .insertInto('absences')
        .values({
          slack_user_id: a.userId,
          starts_at: new Date(a.fromMs),
          ends_at: new Date(a.toMs),
          cover: a.cover,
          recorded_by: recordedBy,
          recorded_at: new Date(atMs),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Absences running at an instant (everybody's, or one person's). */
    async activeAt(atMs: number, userId?: string): Promise<StoredAbsence[]> {
      let q = db.selectFrom('absences').select(columns).where('starts_at', '<=', new Date(atMs)).where('ends_at', '>', new Date(atMs));
      if (userId !== undefined) q = q.where('slack_user_id', '=', userId);
      return (await q.orderBy('starts_at').execute()).map(toAbsence);
    },

    /** Absences that have not ended yet, running or ahead. */
    async upcoming(atMs: number, userId?: string): Promise<StoredAbsence[]> {
      let q = db.selectFrom('absences').select(columns).where('ends_at', '>', new Date(atMs));
      if (userId !== undefined) q = q.where('slack_user_id', '=', userId);
      return (await q.orderBy('starts_at').execute()).map(toAbsence);
    },

    /** Calls off an absence that has not started by `atMs` (removed: it never happened); answers whether it was. */
    async cancelAhead(id: number, atMs: number): Promise<boolean> {
      const res = await db.deleteFrom('absences').where('id', '=', id).where('starts_at', '>', new Date(atMs)).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    /** Ends a person's running absences at `atMs` (back early); answers how many there were. */
    async endRunning(userId: string, atMs: number): Promise<number> {
      const res = await db
        .updateTable('absences')
        .set({ ends_at: new Date(atMs) })
        .where('slack_user_id', '=', userId)
        .where('starts_at', '<', new Date(atMs))
        .where('ends_at', '>', new Date(atMs))
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}

import { sql, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database, OutboxPayload, SlackOutboxTable } from '../types.js';
import type { Selectable } from 'kysely';

type Executor = Db | Transaction<Database>;
export type OutboxRow = Selectable<SlackOutboxTable>;

export interface OutboxMessage {
  caseId: number | null;
  kind: OutboxRow['kind'];
  /** Channel id for `channel`, user id for `dm`; cards and thread lines use the triage channel. */
  target: string | null;
  payload: OutboxPayload;
  /** Makes the message go out at most once (e.g. `notification:<id>`). */
  dedupeKey?: string;
}

/** The durable queue of outbound Slack messages, in PostgreSQL (the source of truth). */
export function outboxRepository(db: Executor) {
  return {
    async enqueue(messages: readonly OutboxMessage[], nowMs: number): Promise<void> {
      if (messages.length === 0) return;
      await db
        .insertInto('slack_outbox')
        .values(
          messages.map((m) => ({
            case_id: m.caseId,
            kind: m.kind,
            target: m.target,
            payload: JSON.stringify(m.payload),
            dedupe_key: m.dedupeKey ?? null,
            status: 'pending' as const,
            next_attempt_at: new Date(nowMs),
            created_at: new Date(nowMs),
          })),
        )
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
    },

    /**
     * The oldest message that may go now, locked for this transaction. Messages of one case go in
     * order: one waits while an older message of its case is pending.
     */
    async claimNext(nowMs: number): Promise<OutboxRow | undefined> {
      return db
        .selectFrom('slack_outbox as o')
        .selectAll()
        .where('o.status', '=', 'pending')
        .where('o.next_attempt_at', '<=', new Date(nowMs))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('slack_outbox as p')
                .select(sql`1`.as('one'))
                .whereRef('p.case_id', '=', 'o.case_id')
                .where('p.status', '=', 'pending')
                .whereRef('p.id', '<', 'o.id'),
            ),
          ),
        )
        .orderBy('o.id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
    },

    async markSent(ids: readonly number[], nowMs: number): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('slack_outbox').set({ status: 'sent', sent_at: new Date(nowMs), last_error: null }).where('id', 'in', ids).execute();
    },

    /** Later card refreshes of the same case are covered by the one just sent (it shows the latest state). */
    async pendingCardIds(caseId: number): Promise<number[]> {
      const rows = await db
        .selectFrom('slack_outbox')
        .select('id')
        .where('case_id', '=', caseId)
        .where('kind', '=', 'card')
        .where('status', '=', 'pending')
        .execute();
      return rows.map((r) => r.id);
    },

    async retryLater(id: number, atMs: number, error: string, countsAsAttempt: boolean): Promise<void> {
      await db
        .updateTable('slack_outbox')
        .set({
          next_attempt_at: new Date(atMs),
          last_error: error,
          attempts: countsAsAttempt ? sql`attempts + 1` : sql`attempts`,
        })
        .where('id', '=', id)
        .execute();
    },

    async markFailed(id: number, error: string): Promise<void> {
      await db
        .updateTable('slack_outbox')
        .set({ status: 'failed', last_error: error, attempts: sql`attempts + 1` })
        .where('id', '=', id)
        .execute();
    },

    /** Failed messages go back to the queue (an operator fixed the channel or the token). */
    async requeueFailed(nowMs: number): Promise<number> {
      const res = await db
        .updateTable('slack_outbox')
        .set({ status: 'pending', next_attempt_at: new Date(nowMs), attempts: 0 })
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async card(caseId: number) {
      return db.selectFrom('slack_cards').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    },

    async saveCard(caseId: number, channel: string, ts: string, version: number): Promise<void> {
      await db
        .insertInto('slack_cards')
        .values({ case_id: caseId, channel, ts, rendered_version: version })
        .onConflict((oc) => oc.column('case_id').doUpdateSet({ rendered_version: version }))
        .execute();
    },

    async savePermalink(caseId: number, permalink: string): Promise<void> {
      await db.updateTable('slack_cards').set({ permalink }).where('case_id', '=', caseId).execute();
    },

    /** Permalinks of the cards of these cases (those Slack has answered for). */
    async permalinks(caseIds: readonly number[]): Promise<Map<number, string>> {
      if (caseIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('slack_cards')
        .select(['case_id', 'permalink'])
        .where('case_id', 'in', [...new Set(caseIds)])
        .where('permalink', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [Number(r.case_id), r.permalink!]));
    },

    async counts(): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('slack_outbox')
        .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

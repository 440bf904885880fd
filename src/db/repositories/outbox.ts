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
  /** Not sent before this instant (wall clock); default: at once. Coalesced refreshes wait for the end of their slot. */
  notBeforeMs?: number;
}

/** Where Slack put a posted message. */
export interface PostedAt {
  channel: string;
  ts: string;
}

/** A message leased to one sender: only that sender records its outcome. */
export interface Lease {
  id: number;
  claimedBy: string;
}

/**
 * The stream a message goes in order with: a case's card and thread lines together (a line refers to
 * the card's thread); its alerts to one channel or person together. Two streams never wait for each
 * other, so an alert Slack keeps refusing does not hold the card back, nor the other way round.
 */
export function outboxStream(m: Pick<OutboxMessage, 'caseId' | 'kind' | 'target'>): string | null {
  // One Today refresh in flight at a time: two at once could each find no message yet and post two.
  if (m.kind === 'today') return 'today';
  if (m.caseId === null) return null;
  return m.kind === 'card' || m.kind === 'thread' ? `case:${m.caseId}` : `case:${m.caseId}:${m.kind}:${m.target ?? ''}`;
}

/** The durable queue of outbound Slack messages, in PostgreSQL (the source of truth). */
export function outboxRepository(db: Executor) {
  return {
    async enqueue(messages: readonly OutboxMessage[], nowMs: number): Promise<void> {
      // Within PostgreSQL's 65,535 parameters per statement (9 per message).
      for (let i = 0; i < messages.length; i += 5_000) {
        await db
          .insertInto('slack_outbox')
          .values(
            messages.slice(i, i + 5_000).map((m) => ({
              case_id: m.caseId,
              kind: m.kind,
              target: m.target,
              payload: JSON.stringify(m.payload),
              dedupe_key: m.dedupeKey ?? null,
              stream: outboxStream(m),
              status: 'pending' as const,
              next_attempt_at: new Date(Math.max(nowMs, m.notBeforeMs ?? nowMs)),
              created_at: new Date(nowMs),
            })),
          )
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .execute();
      }
    },

    /**
     * Leases up to `limit` of the oldest messages that may go now to `claimedBy` until `leaseUntilMs`,
     * in one statement (nothing stays locked while they are sent); oldest first. Messages of one stream
     * go in order: one waits while an older message of its stream is pending, leased or not, so no two
     * messages of a stream are ever in flight together. A lease that runs out (its sender died) makes
     * the message available again.
     */
    async claim(nowMs: number, claimedBy: string, leaseUntilMs: number, limit: number): Promise<OutboxRow[]> {
      const next = db
        .selectFrom('slack_outbox as o')
        .select('o.id')
        .where('o.status', '=', 'pending')
        .where('o.next_attempt_at', '<=', new Date(nowMs))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('slack_outbox as p')
                .select(sql`1`.as('one'))
                .whereRef('p.stream', '=', 'o.stream')
                .where('p.status', '=', 'pending')
                .whereRef('p.id', '<', 'o.id'),
            ),
          ),
        )
        // An alert about a case (to a channel or a person) waits while its case's card is still to be
        // posted, so that it links to the card; the card's later refreshes do not hold it back.
        .where(
          sql<boolean>`NOT (o.case_id IS NOT NULL AND o.kind IN ('channel', 'dm')
            AND NOT EXISTS (SELECT 1 FROM slack_cards s WHERE s.case_id = o.case_id AND s.permalink IS NOT NULL)
            AND EXISTS (SELECT 1 FROM slack_outbox k WHERE k.case_id = o.case_id AND k.kind = 'card' AND k.status = 'pending'))`,
        )
        .orderBy('o.id')
        .limit(limit)
        .forUpdate()
        .skipLocked();
      const rows = await db
        .updateTable('slack_outbox')
        .set({ next_attempt_at: new Date(leaseUntilMs), claimed_by: claimedBy })
        .where('id', 'in', (eb) => eb.selectFrom(next.as('n')).select('n.id'))
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.id - b.id);
    },

    /**
     * Slack said 429 for `key`: messages holding a turn on it wait until `untilMs` and queue again then
     * (their turns were reserved before Slack asked us to wait).
     */
    async postponeTurns(key: string, untilMs: number): Promise<void> {
      await db
        .updateTable('slack_outbox')
        .set({ next_attempt_at: sql`greatest(next_attempt_at, ${new Date(untilMs)})`, paced_key: null })
        .where('paced_key', '=', key)
        .where('status', '=', 'pending')
        .where('claimed_by', 'is', null)
        .execute();
    },

    /**
     * When to look at the outbox again: the earliest instant a pending message may go (a lease's end
     * counts). A message queued behind an older one of its stream, or an alert behind its case's card,
     * goes after that one, not at its own (past) instant: it does not count while that one waits for an
     * instant of its own (which counts) or is in flight from this `sender` (whose drain takes the next
     * message as soon as one is done). It counts when another process has that one in flight, since
     * nothing here learns when that is done. Counting it always made a sender look every 5 ms, two
     * queries each time, for as long as a paced card kept its thread lines waiting.
     */
    async nextAttemptAt(sender: string): Promise<number | null> {
      const row = await db
        .selectFrom('slack_outbox as o')
        .select((eb) => eb.fn.min('o.next_attempt_at').as('at'))
        .where('o.status', '=', 'pending')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('slack_outbox as p')
                .select(sql`1`.as('one'))
                .whereRef('p.stream', '=', 'o.stream')
                .where('p.status', '=', 'pending')
                .whereRef('p.id', '<', 'o.id')
                .where((eb) => eb.or([eb('p.claimed_by', 'is', null), eb('p.claimed_by', '=', sender)])),
            ),
          ),
        )
        .where(
          sql<boolean>`NOT (o.case_id IS NOT NULL AND o.kind IN ('channel', 'dm')
            AND NOT EXISTS (SELECT 1 FROM slack_cards s WHERE s.case_id = o.case_id AND s.permalink IS NOT NULL)
            AND EXISTS (SELECT 1 FROM slack_outbox k WHERE k.case_id = o.case_id AND k.kind = 'card' AND k.status = 'pending'
              AND (k.claimed_by IS NULL OR k.claimed_by = ${sender})))`,
        )
        .executeTakeFirst();
      return row?.at ? new Date(row.at as Date).getTime() : null;
    },

    /**
     * The leased message went out (where it landed, when Slack said: a DM can be rewritten later); so
     * did the later card refreshes it covered (unleased, of its case).
     */
    async markSent(lease: Lease, covered: readonly number[], nowMs: number, posted: PostedAt | null = null): Promise<void> {
      const sent = { status: 'sent' as const, sent_at: new Date(nowMs), last_error: null, claimed_by: null, paced_key: null };
      if (posted) {
        await db
          .updateTable('slack_outbox')
          .set({ ...sent, posted_channel: posted.channel, posted_ts: posted.ts })
          .where('id', '=', lease.id)
          .where('claimed_by', '=', lease.claimedBy)
          .execute();
        if (covered.length === 0) return;
      }
      await db
        .updateTable('slack_outbox')
        .set(sent)
        .where((eb) =>
          eb.or([
            ...(posted ? [] : [eb.and([eb('id', '=', lease.id), eb('claimed_by', '=', lease.claimedBy)])]),
            ...(covered.length > 0 ? [eb.and([eb('id', 'in', covered), eb('status', '=', 'pending'), eb('claimed_by', 'is', null)])] : []),
          ]),
        )
        .execute();
    },

    /** Where the DM this outbox message sent landed; null while it has not gone (or never will). */
    async postedAt(id: number): Promise<PostedAt | null> {
      const row = await db.selectFrom('slack_outbox').select(['posted_channel', 'posted_ts']).where('id', '=', id).where('status', '=', 'sent').executeTakeFirst();
      return row?.posted_channel && row.posted_ts ? { channel: row.posted_channel, ts: row.posted_ts } : null;
    },

    /** A case's DMs queued under dedupe keys starting with `prefix` (sent or not): whom each went to. */
    async dmsByKey(caseId: number, prefix: string): Promise<{ id: number; target: string }[]> {
      const rows = await db
        .selectFrom('slack_outbox')
        .select(['id', 'target'])
        .where('case_id', '=', caseId)
        .where('kind', '=', 'dm')
        .where(sql<boolean>`starts_with(dedupe_key, ${prefix})`)
        .orderBy('id')
        .execute();
      return rows.flatMap((r) => (r.target ? [{ id: r.id, target: r.target }] : []));
    },

    /** Whether any of these cases' cards is still to be posted or refreshed. */
    async anyCardPending(caseIds: readonly number[]): Promise<boolean> {
      if (caseIds.length === 0) return false;
      const row = await db
        .selectFrom('slack_outbox')
        .select('id')
        .where('case_id', 'in', caseIds)
        .where('kind', '=', 'card')
        .where('status', '=', 'pending')
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Today refreshes already due: the one being sent shows the queue as it is now, so it covers them. */
    async dueTodayIds(nowMs: number): Promise<number[]> {
      const rows = await db
        .selectFrom('slack_outbox')
        .select('id')
        .where('kind', '=', 'today')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', new Date(nowMs))
        .execute();
      return rows.map((r) => r.id);
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

    /** The leased message goes back to the queue until `atMs` (holding its turn for `pacedKey`, if given). */
    async retryLater(lease: Lease, atMs: number, error: string, countsAsAttempt: boolean, pacedKey: string | null = null): Promise<void> {
      await db
        .updateTable('slack_outbox')
        .set({
          next_attempt_at: new Date(atMs),
          last_error: error,
          claimed_by: null,
          paced_key: pacedKey,
          attempts: countsAsAttempt ? sql`attempts + 1` : sql`attempts`,
        })
        .where('id', '=', lease.id)
        .where('claimed_by', '=', lease.claimedBy)
        .execute();
    },

    async markFailed(lease: Lease, error: string): Promise<void> {
      await db
        .updateTable('slack_outbox')
        .set({ status: 'failed', last_error: error, claimed_by: null, paced_key: null, attempts: sql`attempts + 1` })
        .where('id', '=', lease.id)
        .where('claimed_by', '=', lease.claimedBy)
        .execute();
    },

    /**
     * Failed messages go back to the queue (an operator fixed the channel or the token): all of them,
     * or only those named. Answers how many.
     */
    async requeueFailed(nowMs: number, ids: readonly number[] | null = null): Promise<number> {
      if (ids !== null && ids.length === 0) return 0;
      let q = db
        .updateTable('slack_outbox')
        .set({ status: 'pending', next_attempt_at: new Date(nowMs), attempts: 0, last_error: null, claimed_by: null })
        .where('status', '=', 'failed');
      if (ids !== null) q = q.where('id', 'in', ids);
      const res = await q.executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    /** Failed messages for an operator, oldest first: what, where and why, never the text. */
    async failed(limit: number) {
      return db
        .selectFrom('slack_outbox as o')
        .leftJoin('cases as c', 'c.id', 'o.case_id')
        .select(['o.id', 'o.kind', 'o.target', 'o.attempts', 'o.last_error', 'o.created_at', 'c.reference'])
        .where('o.status', '=', 'failed')
        .orderBy('o.id')
        .limit(limit)
        .execute();
    },

    async card(caseId: number) {
      return db.selectFrom('slack_cards').selectAll().where('case_id', '=', caseId).executeTakeFirst();
    },

    /** The card as posted or updated; its permalink when Slack gave one (a known one is kept). */
    async saveCard(caseId: number, channel: string, ts: string, permalink: string | null = null): Promise<void> {
      const link = permalink === null ? {} : { permalink };
      await db
        .insertInto('slack_cards')
        .values({ case_id: caseId, channel, ts, ...link })
        .onConflict((oc) => oc.column('case_id').doUpdateSet({ channel, ts, ...link }))
        .execute();
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

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, OutboxPayload } from '../db/types.js';
import type { Logger } from '../logger.js';
import { outboxRepository, type Lease, type OutboxRow, type PostedAt } from '../db/repositories/outbox.js';
import { RateLimiter, slackRateRules } from './rate-limiter.js';
import { classifySlackError } from './web-api.js';
import { placeholderCases, resolveCardLinks } from './card-links.js';
import type { TodayCall } from './today.js';

export interface RenderedCard {
  text: string;
  blocks: unknown[];
}

export interface DeliveryDeps {
  db: Db;
  client: WebClient;
  logger: Logger;
  triageChannel: string;
  /** Renders the card from the case as it is now. */
  renderCard: (caseId: number, executor: Db | Transaction<Database>) => Promise<RenderedCard>;
  /** Brings the pinned Today message up to date (see `slack/today.ts`); null: the app keeps none. */
  today?: { send(call: TodayCall): Promise<void> } | null;
  rateLimits: { channelMessagesPerSecond: number; updatesPerMinute: number };
  /** The longest pause between two looks at the outbox (sooner when a message is due sooner). */
  pollIntervalMs?: number;
  /** Messages in flight at once in this process. */
  concurrency?: number;
}

const MAX_ATTEMPTS = 100;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * A message in flight is leased for this long: longer than a send can take (an inline wait for the
 * rate limit, then at most two Slack calls of 10 s each, or a file upload), so only a sender that died
 * lets its lease run out, and then another process sends the message.
 */
const LEASE_MS = 2 * 60_000;

/**
 * A message whose turn in the rate limit is further away than this goes back to the queue holding
 * its turn, and comes back when it is due; the sender is free for other channels meanwhile.
 */
const MAX_INLINE_WAIT_MS = 250;

class Deferred extends Error {
  constructor(
    readonly untilMs: number,
    /** The key whose turn the message holds, if it reserved one. */
    readonly pacedKey: string | null,
    readonly reason = 'waiting for its turn in the rate limit',
  ) {
    super('deferred');
  }
}

/** How soon a message naming a card still to be posted looks again (cards go out within seconds). */
const CARD_WAIT_MS = 1_000;

/** What one send did so far: the rate-limit key it used (a 429 blocks that key). */
interface Attempt {
  lease: Lease;
  key: string | null;
}

/**
 * The one delivery path for outbound Slack messages, run by every process with Slack configured:
 * takes messages from the outbox in order, paces them by channel and method together with every
 * other process (the limits live in PostgreSQL), honours 429 Retry-After (the message waits, no
 * attempt is spent), retries transient failures with backoff, and keeps permanent failures visible
 * as `failed`. No database transaction is open while Slack is called or a sender waits: a message is
 * leased (one statement), sent, and its outcome recorded (one short transaction).
 * Delivery timing is wall-clock time, not the injected business clock.
 */
export class SlackDelivery {
  private readonly limiter: RateLimiter;
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: DeliveryDeps) {
    this.limiter = new RateLimiter(deps.db, slackRateRules(deps.rateLimits));
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Something was queued: drain now (or right after the drain in progress). */
  nudge(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: unknown) => {
        this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'slack delivery drain failed');
        return 0;
      })
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /**
   * Sends every message that may go now; answers how many were handled. Up to `concurrency` messages
   * are in flight at once, and a freed place is filled at once, so that messages waiting for Slack or
   * for their turn never hold up those of other channels.
   */
  async drain(): Promise<number> {
    const outbox = outboxRepository(this.deps.db);
    const places = this.deps.concurrency ?? 16;
    const inFlight = new Set<Promise<void>>();
    let handled = 0;
    while (!this.stopped) {
      const now = Date.now();
      const rows = inFlight.size < places ? await outbox.claim(now, this.owner, now + LEASE_MS, places - inFlight.size) : [];
      for (const row of rows) {
        const sending: Promise<void> = this.sendLeased(row).finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
      handled += rows.length;
      if (inFlight.size === 0) break;
      // Look again as soon as one place is free (or, when all are, right away for what became due).
      if (rows.length === 0 || inFlight.size >= places) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return handled;
  }

  /** Stops taking messages and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  /** The next look at the outbox: when the earliest message is due, at the latest after the poll interval. */
  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.nudge();
      void (this.draining ?? Promise.resolve())
        .then(() => outboxRepository(this.deps.db).nextAttemptAt(this.owner))
        .catch(() => null)
        .then((at) => {
          const poll = this.deps.pollIntervalMs ?? 500;
          this.schedule(at === null ? poll : Math.min(poll, Math.max(5, at - Date.now())));
        });
    }, delayMs);
    this.timer.unref();
  }

  private async sendLeased(row: OutboxRow): Promise<void> {
    const attempt: Attempt = { lease: { id: row.id, claimedBy: this.owner }, key: null };
    try {
      await this.send(row, attempt);
    } catch (err) {
      await this.failed(row, attempt, err).catch((e: unknown) =>
        // The lease runs out and the message is taken again: nothing is lost.
        this.deps.logger.error({ err: e instanceof Error ? e.message : String(e), outboxId: row.id }, 'slack delivery outcome not recorded'),
      );
    }
  }

  private async failed(row: OutboxRow, attempt: Attempt, err: unknown): Promise<void> {
    const outbox = outboxRepository(this.deps.db);
    if (err instanceof Deferred) {
      await outbox.retryLater(attempt.lease, err.untilMs, err.reason, false, err.pacedKey);
      return;
    }
    const failure = classifySlackError(err);
    const log = { outboxId: row.id, kind: row.kind, caseId: row.case_id, failure };
    if (failure.kind === 'rate_limited') {
      if (attempt.key) {
        await this.limiter.block(attempt.key, failure.retryAfterMs);
        await outbox.postponeTurns(attempt.key, Date.now() + failure.retryAfterMs);
      }
      await outbox.retryLater(attempt.lease, Date.now() + failure.retryAfterMs, 'rate limited', false);
      this.deps.logger.warn(log, 'slack rate limited: message waits for Retry-After');
    } else if (failure.kind === 'permanent' || row.attempts + 1 >= MAX_ATTEMPTS) {
      await outbox.markFailed(attempt.lease, failure.detail);
      this.deps.logger.error(log, 'slack message failed: kept as failed for an operator');
    } else {
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(row.attempts, 10)) * (0.8 + Math.random() * 0.4);
      await outbox.retryLater(attempt.lease, Date.now() + backoff, failure.detail, true);
      this.deps.logger.warn(log, 'slack message will be retried');
    }
  }

  /**
   * Takes this key's turn: goes at once when it is now (or reserved earlier and due), waits when it is
   * near, and otherwise hands the message back to the queue holding the turn it reserved.
   */
  private async pace(row: OutboxRow, key: string, attempt: Attempt): Promise<void> {
    attempt.key = key;
    // Its turn was reserved when it was last here (a 429 since then would have cleared it).
    if (row.paced_key === key) return;
    const wait = await this.limiter.reserve(key);
    if (wait > MAX_INLINE_WAIT_MS) throw new Deferred(Date.now() + wait, key);
    if (wait > 0) await sleep(wait);
  }

  /**
   * A message, or files shared with the message as their comment (files.uploadV2: one message with
   * every file). Answers where a message landed (null for files).
   */
  private async post(channel: string, payload: OutboxPayload): Promise<PostedAt | null> {
    const { client } = this.deps;
    if (payload.files && payload.files.length > 0) {
      await client.filesUploadV2({
        channel_id: channel,
        initial_comment: payload.text,
        file_uploads: payload.files.map((f) => ({
          file: Buffer.from(f.contentBase64, 'base64'),
          filename: f.filename,
          title: f.title,
          ...(f.altText ? { alt_text: f.altText } : {}),
        })),
      });
      return null;
    }
    const posted = await client.chat.postMessage({ channel, text: payload.text, ...(payload.blocks ? { blocks: payload.blocks as never } : {}) });
    return posted.ts ? { channel: String(posted.channel ?? channel), ts: String(posted.ts) } : null;
  }

  /**
   * Asks Slack for the card's permalink once, so that every alert can link to the card. Best effort:
   * without an answer the card is still posted, and the next refresh of the card asks again.
   */
  private async askPermalink(caseId: number, channel: string, ts: string): Promise<string | null> {
    try {
      const answer = await this.deps.client.chat.getPermalink({ channel, message_ts: ts });
      if (typeof answer.permalink === 'string' && /^https:\/\//.test(answer.permalink)) return answer.permalink;
    } catch (err) {
      this.deps.logger.warn({ caseId, failure: classifySlackError(err) }, 'card permalink not known yet');
    }
    return null;
  }

  /**
   * The card as it is now, read in a short transaction under a share lock on the case row: a change
   * being written (which holds the row for update) is waited for, so the card shows a committed
   * state as a whole, never half of one (no lock is held while Slack is called).
   */
  private async renderCommitted(caseId: number): Promise<RenderedCard> {
    return this.deps.db.transaction().execute(async (trx) => {
      await sql`SELECT 1 FROM cases WHERE id = ${caseId} FOR SHARE`.execute(trx);
      return this.deps.renderCard(caseId, trx);
    });
  }

  /**
   * Names a card by its permalink in a message queued before the card was posted (see card-links.ts).
   * The queue holds an alert back until its own case's card is posted; a message that names other
   * cases too (one DM listing a person's cases at the same deadline) waits here, not counted as an
   * attempt, until every card it names that is still to be posted has been, so each line links.
   */
  private async withCardLinks(payload: OutboxPayload): Promise<OutboxPayload> {
    const ids = placeholderCases(payload);
    if (ids.length === 0) return payload;
    const outbox = outboxRepository(this.deps.db);
    const permalinks = await outbox.permalinks(ids);
    const unposted = ids.filter((id) => !permalinks.has(id));
    if (unposted.length > 0 && (await outbox.anyCardPending(unposted))) {
      throw new Deferred(Date.now() + CARD_WAIT_MS, null, 'waiting for the cards it links to');
    }
    return resolveCardLinks(payload, permalinks);
  }

  /** Sends one leased message and records that it went (with the card refreshes it made unnecessary). */
  private async send(row: OutboxRow, attempt: Attempt): Promise<void> {
    const { client, db } = this.deps;
    const outbox = outboxRepository(db);
    const sent = (covered: number[] = []) => outbox.markSent(attempt.lease, covered, Date.now());
    switch (row.kind) {
      case 'card': {
        const caseId = row.case_id!;
        // Refreshes queued before the state is read are covered by this one; later ones go out later.
        const covered = (await outbox.pendingCardIds(caseId)).filter((id) => id !== row.id);
        const card = await this.renderCommitted(caseId);
        const existing = await outbox.card(caseId);
        if (existing) {
          await this.pace(row, 'method:chat.update', attempt);
          await client.chat.update({ channel: existing.channel, ts: existing.ts, text: card.text, blocks: card.blocks as never });
          const permalink = existing.permalink ? null : await this.askPermalink(caseId, existing.channel, existing.ts);
          await this.record(existing.channel, existing.ts, permalink, caseId, attempt, covered);
        } else {
          await this.pace(row, `channel:${this.deps.triageChannel}`, attempt);
          const posted = await client.chat.postMessage({ channel: this.deps.triageChannel, text: card.text, blocks: card.blocks as never });
          const channel = String(posted.channel ?? this.deps.triageChannel);
          // Recorded with the post, so the alerts waiting for this card find its link when they go.
          const permalink = await this.askPermalink(caseId, channel, String(posted.ts));
          await this.record(channel, String(posted.ts), permalink, caseId, attempt, covered);
        }
        return;
      }
      case 'thread': {
        const card = await outbox.card(row.case_id!);
        if (!card) throw new Error('card not posted yet');
        const payload = await this.withCardLinks(row.payload);
        await this.pace(row, `channel:${card.channel}`, attempt);
        await client.chat.postMessage({
          channel: card.channel,
          thread_ts: card.ts,
          text: payload.text,
          ...(payload.blocks ? { blocks: payload.blocks as never } : {}),
          reply_broadcast: Boolean(payload.broadcast),
        });
        return sent();
      }
      case 'channel': {
        const payload = await this.withCardLinks(row.payload);
        await this.pace(row, `channel:${row.target}`, attempt);
        await this.post(row.target!, payload);
        return sent();
      }
      case 'today': {
        // Rendered now from the live queue: it covers every refresh already due.
        const covered = (await outbox.dueTodayIds(Date.now())).filter((id) => id !== row.id);
        await this.deps.today?.send({ client, pace: (key) => this.pace(row, key, attempt) });
        return sent(covered);
      }
      case 'dm': {
        const payload = await this.withCardLinks(row.payload);
        if (payload.rewrites !== undefined) {
          // Goes after the DM it rewrites (same stream); one that never went has nothing to rewrite.
          const original = await outbox.postedAt(payload.rewrites);
          if (!original) return sent();
          await this.pace(row, 'method:chat.update', attempt);
          await client.chat.update({ channel: original.channel, ts: original.ts, text: payload.text, blocks: (payload.blocks ?? []) as never });
          return sent();
        }
        await this.pace(row, `channel:dm-${row.target}`, attempt);
        await this.pace(row, 'method:conversations.open', attempt);
        const opened = await client.conversations.open({ users: row.target! });
        attempt.key = `channel:dm-${row.target}`;
        const posted = await this.post(String(opened.channel?.id), payload);
        return outbox.markSent(attempt.lease, [], Date.now(), posted);
      }
    }
  }

  /** The card as posted or updated, and the message as sent, in one short transaction. */
  private async record(channel: string, ts: string, permalink: string | null, caseId: number, attempt: Attempt, covered: number[]): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const outbox = outboxRepository(trx);
      await outbox.saveCard(caseId, channel, ts, permalink);
      await outbox.markSent(attempt.lease, covered, Date.now());
    });
  }
}

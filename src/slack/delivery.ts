import { setTimeout as sleep } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, OutboxPayload } from '../db/types.js';
import type { Logger } from '../logger.js';
import { outboxRepository, type OutboxRow } from '../db/repositories/outbox.js';
import { RateLimiter, slackRateRules } from './rate-limiter.js';
import { classifySlackError } from './web-api.js';

export interface RenderedCard {
  text: string;
  blocks: unknown[];
  version: number;
}

export interface DeliveryDeps {
  db: Db;
  client: WebClient;
  logger: Logger;
  triageChannel: string;
  /** Renders the card from the case as it is now, reading on the given transaction. */
  renderCard: (caseId: number, trx: Transaction<Database>) => Promise<RenderedCard>;
  rateLimits: { channelMessagesPerSecond: number; updatesPerMinute: number };
  pollIntervalMs?: number;
  /** Messages in flight at once (each in its own transaction). */
  concurrency?: number;
}

const MAX_ATTEMPTS = 100;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Pauses longer than this go back to the queue instead of holding a database transaction open. */
const MAX_INLINE_WAIT_MS = 2_000;

class Deferred extends Error {
  constructor(readonly untilMs: number) {
    super('deferred');
  }
}

/**
 * The one delivery path for outbound Slack messages: takes messages from the outbox in order,
 * paces them by channel and method, honours 429 Retry-After (the message waits, no attempt is spent),
 * retries transient failures with backoff, and keeps permanent failures visible as `failed`.
 * Delivery timing is wall-clock time, not the injected business clock.
 */
export class SlackDelivery {
  private readonly limiter: RateLimiter;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: DeliveryDeps) {
    this.limiter = new RateLimiter(slackRateRules(deps.rateLimits));
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.nudge();
      this.timer = setTimeout(tick, this.deps.pollIntervalMs ?? 500);
      this.timer.unref();
    };
    tick();
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
        this.deps.logger.error({ err }, 'slack delivery drain failed');
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
   * Sends every message that may go now; answers how many were handled. Several senders work side by
   * side so that one channel waiting for its rate limit does not hold up the others.
   */
  async drain(): Promise<number> {
    let handled = 0;
    const sender = async () => {
      while (!this.stopped && (await this.sendOne())) handled++;
    };
    await Promise.all(Array.from({ length: this.deps.concurrency ?? 4 }, sender));
    return handled;
  }

  /** Stops taking messages and waits for the one in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  private async sendOne(): Promise<boolean> {
    return this.deps.db.transaction().execute(async (trx) => {
      const outbox = outboxRepository(trx);
      const row = await outbox.claimNext(Date.now());
      if (!row) return false;
      try {
        const covered = await this.send(row, trx);
        await outbox.markSent([row.id, ...covered], Date.now());
      } catch (err) {
        if (err instanceof Deferred) {
          await outbox.retryLater(row.id, err.untilMs, 'waiting for the rate limit', false);
          return true;
        }
        const failure = classifySlackError(err);
        const log = { outboxId: row.id, kind: row.kind, caseId: row.case_id, failure };
        if (failure.kind === 'rate_limited') {
          this.limiter.block(this.keyFor(row), failure.retryAfterMs);
          await outbox.retryLater(row.id, Date.now() + failure.retryAfterMs, 'rate limited', false);
          this.deps.logger.warn(log, 'slack rate limited: message waits for Retry-After');
        } else if (failure.kind === 'permanent' || row.attempts + 1 >= MAX_ATTEMPTS) {
          await outbox.markFailed(row.id, failure.detail);
          this.deps.logger.error(log, 'slack message failed: kept as failed for an operator');
        } else {
          const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(row.attempts, 10)) * (0.8 + Math.random() * 0.4);
          await outbox.retryLater(row.id, Date.now() + backoff, failure.detail, true);
          this.deps.logger.warn(log, 'slack message will be retried');
        }
      }
      return true;
    });
  }

  private keyFor(row: OutboxRow): string {
    if (row.kind === 'card') return 'method:chat.update';
    return `channel:${row.kind === 'channel' ? row.target : row.kind === 'dm' ? `dm-${row.target}` : this.deps.triageChannel}`;
  }

  /** Waits for the limiter when the wait is short; otherwise hands the message back to the queue. */
  private async pace(key: string): Promise<void> {
    const wait = this.limiter.reserve(key);
    if (wait > MAX_INLINE_WAIT_MS) {
      this.limiter.release(key);
      throw new Deferred(Date.now() + wait);
    }
    if (wait > 0) await sleep(wait);
  }

  /** A message, or files shared with the message as their comment (files.uploadV2: one message with every file). */
  private async post(channel: string, payload: OutboxPayload): Promise<void> {
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
      return;
    }
    await client.chat.postMessage({ channel, text: payload.text, ...(payload.blocks ? { blocks: payload.blocks as never } : {}) });
  }

  /**
   * Asks Slack for the card's permalink once, so that every alert can link to the card. Best effort:
   * without an answer the card is still posted, and the next refresh of the card asks again.
   */
  private async rememberPermalink(trx: Transaction<Database>, caseId: number, channel: string, ts: string): Promise<void> {
    try {
      const answer = await this.deps.client.chat.getPermalink({ channel, message_ts: ts });
      if (typeof answer.permalink === 'string' && /^https:\/\//.test(answer.permalink)) {
        await outboxRepository(trx).savePermalink(caseId, answer.permalink);
      }
    } catch (err) {
      this.deps.logger.warn({ caseId, failure: classifySlackError(err) }, 'card permalink not known yet');
    }
  }

  /** Answers the ids of other pending messages this send made unnecessary. */
  private async send(row: OutboxRow, trx: Transaction<Database>): Promise<number[]> {
    const outbox = outboxRepository(trx);
    const { client } = this.deps;
    switch (row.kind) {
      case 'card': {
        const caseId = row.case_id!;
        // Refreshes queued before the state is read are covered by this one; later ones go out later.
        const covered = (await outbox.pendingCardIds(caseId)).filter((id) => id !== row.id);
        const card = await this.deps.renderCard(caseId, trx);
        const existing = await outbox.card(caseId);
        if (existing) {
          await this.pace('method:chat.update');
          await client.chat.update({ channel: existing.channel, ts: existing.ts, text: card.text, blocks: card.blocks as never });
          await outbox.saveCard(caseId, existing.channel, existing.ts, card.version);
          if (!existing.permalink) await this.rememberPermalink(trx, caseId, existing.channel, existing.ts);
        } else {
          await this.pace(`channel:${this.deps.triageChannel}`);
          const posted = await client.chat.postMessage({ channel: this.deps.triageChannel, text: card.text, blocks: card.blocks as never });
          const channel = String(posted.channel ?? this.deps.triageChannel);
          await outbox.saveCard(caseId, channel, String(posted.ts), card.version);
          await this.rememberPermalink(trx, caseId, channel, String(posted.ts));
        }
        return covered;
      }
      case 'thread': {
        const card = await outbox.card(row.case_id!);
        if (!card) throw new Error('card not posted yet');
        await this.pace(`channel:${card.channel}`);
        await client.chat.postMessage({
          channel: card.channel,
          thread_ts: card.ts,
          text: row.payload.text,
          ...(row.payload.blocks ? { blocks: row.payload.blocks as never } : {}),
          reply_broadcast: Boolean(row.payload.broadcast),
        });
        return [];
      }
      case 'channel':
        await this.pace(`channel:${row.target}`);
        await this.post(row.target!, row.payload);
        return [];
      case 'dm': {
        await this.pace(`channel:dm-${row.target}`);
        const opened = await client.conversations.open({ users: row.target! });
        await this.post(String(opened.channel?.id), row.payload);
        return [];
      }
    }
  }
}

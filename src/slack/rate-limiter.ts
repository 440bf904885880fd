import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface RateRule {
  perSecond: number;
  burst: number;
}

/**
 * Token buckets keyed by channel or method, kept in PostgreSQL so that every process (each `web`
 * and `worker`) paces Slack together: Slack allows about one message per second per channel with
 * short bursts, and a Tier 3 method about 50 calls a minute, for the app as a whole.
 *
 * `reserve` spends a token at once (the bucket may go below zero) and answers how long to wait
 * before using it, so senders in any process queue up behind each other instead of all going at the
 * same instant. Each call is one statement under the bucket's row lock; no transaction is held while
 * the caller waits or calls Slack.
 */
export class RateLimiter {
  constructor(
    private readonly db: Db,
    private readonly rules: (key: string) => RateRule,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async reserve(key: string): Promise<number> {
    const { perSecond, burst } = this.rules(key);
    const now = new Date(this.now());
    const { rows } = await sql<{ tokens: number; blocked_until: Date | null }>`
      INSERT INTO slack_rate_limits AS b (key, tokens, updated_at)
      VALUES (${key}, ${burst - 1}, ${now})
      ON CONFLICT (key) DO UPDATE SET
        tokens = LEAST(${burst}::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamptz - b.updated_at)))::float8 * ${perSecond}::float8) - 1,
        updated_at = GREATEST(b.updated_at, ${now}::timestamptz)
      RETURNING tokens, blocked_until`.execute(this.db);
    const { tokens, blocked_until } = rows[0]!;
    // (less a hair, so that floating-point noise does not add a millisecond)
    const forToken = tokens >= 0 ? 0 : Math.ceil((-tokens / perSecond) * 1000 - 1e-6);
    const blocked = blocked_until ? blocked_until.getTime() - now.getTime() : 0;
    return Math.max(0, blocked, forToken);
  }

  /**
   * Slack said 429: nothing with this key goes, from any process, before Retry-After has passed, and
   * then one message may go at once, the next a turn later. Turns reserved before are void (their messages queue again: see
   * `postponeTurns` in the outbox), so they no longer count against the bucket.
   */
  async block(key: string, ms: number): Promise<void> {
    const now = new Date(this.now());
    const until = new Date(now.getTime() + ms);
    await sql`
      INSERT INTO slack_rate_limits AS b (key, tokens, updated_at, blocked_until)
      VALUES (${key}, 1, ${until}, ${until})
      ON CONFLICT (key) DO UPDATE SET
        blocked_until = GREATEST(COALESCE(b.blocked_until, ${until}::timestamptz), ${until}::timestamptz),
        tokens = 1,
        updated_at = GREATEST(b.updated_at, ${until}::timestamptz)`.execute(this.db);
  }
}

/**
 * Each turn is this much longer than the limit says: Slack counts arrivals, and a message that
 * arrives a few milliseconds early (timers, network) costs a 429 and a whole Retry-After.
 */
export const TURN_MARGIN_MS = 30;

/**
 * Slack's published limits: ~1 message per second per channel (bursts of 3), Tier 3 methods
 * (`chat.update`, `conversations.open`) at the configured calls per minute (bursts of 5).
 */
export function slackRateRules(limits: { channelMessagesPerSecond: number; updatesPerMinute: number }) {
  const withMargin = (perSecond: number) => 1000 / (1000 / perSecond + TURN_MARGIN_MS);
  return (key: string): RateRule =>
    key.startsWith('channel:')
      ? { perSecond: withMargin(limits.channelMessagesPerSecond), burst: 3 }
      : { perSecond: withMargin(limits.updatesPerMinute / 60), burst: 5 };
}

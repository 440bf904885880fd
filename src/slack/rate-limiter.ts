/**
 * Token buckets keyed by channel or method: Slack allows about one message per second per channel
 * with short bursts, and a Tier 3 method about 50 calls a minute. `reserve` spends a token at once
 * (the bucket may go below zero) and answers how long to wait before using it, so callers working
 * side by side queue up behind each other instead of all going at the same instant.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; updatedAt: number }>();
  private blockedUntil = new Map<string, number>();

  constructor(
    private readonly rules: (key: string) => { perSecond: number; burst: number },
    private readonly now: () => number = () => Date.now(),
  ) {}

  reserve(key: string): number {
    const blocked = (this.blockedUntil.get(key) ?? 0) - this.now();
    const b = this.refill(key);
    const { perSecond } = this.rules(key);
    const forToken = b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / perSecond) * 1000);
    b.tokens -= 1;
    return Math.max(0, blocked, forToken);
  }

  /** Gives back a reserved token that will not be used now. */
  release(key: string): void {
    this.refill(key).tokens += 1;
  }

  /** Slack said 429: nothing with this key goes before Retry-After has passed. */
  block(key: string, ms: number): void {
    this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, this.now() + ms));
    const b = this.refill(key);
    b.tokens = Math.min(b.tokens, 0);
  }

  private refill(key: string) {
    const { perSecond, burst } = this.rules(key);
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, updatedAt: t };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((t - b.updatedAt) / 1000) * perSecond);
    b.updatedAt = t;
    return b;
  }
}

/** Slack's published limits by default: ~1 message per second per channel, chat.update at Tier 3. */
export function slackRateRules(limits: { channelMessagesPerSecond: number; updatesPerMinute: number }) {
  return (key: string): { perSecond: number; burst: number } =>
    key.startsWith('channel:')
      ? { perSecond: limits.channelMessagesPerSecond, burst: 3 }
      : { perSecond: limits.updatesPerMinute / 60, burst: 5 };
}

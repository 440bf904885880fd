import { describe, expect, it } from 'vitest';
import { RateLimiter, slackRateRules, TURN_MARGIN_MS } from '../../src/slack/rate-limiter.js';
import { testDatabase } from '../support/db.js';

const { db } = await testDatabase();
const rules = slackRateRules({ channelMessagesPerSecond: 1, updatesPerMinute: 50 });

describe('the shared Slack rate limiter', () => {
  // One message a second, each turn a little longer so that none arrives early.
  const second = 1000 + TURN_MARGIN_MS;

  it('lets a burst of 3 through a channel, then one message per second, queueing callers behind each other', async () => {
    let now = Date.parse('2026-11-30T09:00:00Z');
    const limiter = new RateLimiter(db, rules, () => now);
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await limiter.reserve('channel:C1'));
    expect(waits).toEqual([0, 0, 0, second, 2 * second, 3 * second]);
    expect(await limiter.reserve('channel:C2')).toBe(0); // other channels are not held up
    now += 10_000;
    expect(await limiter.reserve('channel:C1')).toBe(0);
  });

  it('two processes share one pace: their turns on a channel interleave, never overlap', async () => {
    const now = Date.parse('2026-11-30T09:00:00Z');
    const web = new RateLimiter(db, rules, () => now);
    const worker = new RateLimiter(db, rules, () => now);
    const waits = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? web : worker).reserve('channel:CSHARED')));
    expect(waits.sort((a, b) => a - b)).toEqual([0, 0, 0, 1, 2, 3, 4, 5].map((n) => n * second));
  });

  it('after a 429 nothing goes on that key, from any process, before Retry-After', async () => {
    let now = Date.parse('2026-11-30T09:00:00Z');
    const web = new RateLimiter(db, rules, () => now);
    const worker = new RateLimiter(db, rules, () => now);
    await web.block('method:chat.update', 5_000);
    expect(await worker.reserve('method:chat.update')).toBe(5_000);
    now += 5_000;
    // The worker goes as Retry-After ends; the web process takes the turn after it (50 a minute).
    expect(await web.reserve('method:chat.update')).toBe(60_000 / 50 + TURN_MARGIN_MS);
  });
});

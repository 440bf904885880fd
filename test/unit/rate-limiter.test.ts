import { describe, expect, it } from 'vitest';
import { RateLimiter, slackRateRules } from '../../src/slack/rate-limiter.js';

describe('rate limiter', () => {
  it('lets a burst of 3 through a channel, then one message per second, queueing callers behind each other', () => {
    let now = 0;
    const limiter = new RateLimiter(slackRateRules({ channelMessagesPerSecond: 1, updatesPerMinute: 50 }), () => now);
    const waits = Array.from({ length: 6 }, () => limiter.reserve('channel:C1'));
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 3000]);
    expect(limiter.reserve('channel:C2')).toBe(0); // other channels are not held up
    now = 10_000;
    expect(limiter.reserve('channel:C1')).toBe(0);
  });
  it('after a 429 nothing goes on that key before Retry-After', () => {
    let now = 0;
    const limiter = new RateLimiter(slackRateRules({ channelMessagesPerSecond: 1, updatesPerMinute: 50 }), () => now);
    limiter.block('method:chat.update', 5_000);
    expect(limiter.reserve('method:chat.update')).toBe(5_000);
    limiter.release('method:chat.update');
    now = 5_000;
    expect(limiter.reserve('method:chat.update')).toBe(0);
  });
});

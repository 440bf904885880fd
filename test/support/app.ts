import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import { startApp, type AppOptions, type ProcessRole, type RunningApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { testDatabase } from './db.js';
import { TEST_REDIS_URL } from './db-urls.js';
import { deleteKeys } from './redis-keys.js';
import { rome } from './time.js';

export const API_TOKEN = 'test-token-0123456789abcdef';
export const ADMIN = 'UADMIN0001';

export interface TestApp extends RunningApp {
  clock: ManualClock;
  baseUrl: string;
}

/** The real application on its own database, a local port and a clock the test moves. */
export async function startTestApp(
  options: { role?: ProcessRole; env?: Record<string, string>; now?: string; logger?: Logger; mailTiming?: AppOptions['mailTiming'] } = {},
): Promise<TestApp> {
  const { url } = await testDatabase();
  const clock = new ManualClock(rome(options.now ?? '2026-11-30 10:00'));
  // A prefix of its own, so that Redis data left by earlier runs never meets this one.
  const prefix = testPrefix();
  const config = loadConfig({
    BULLMQ_PREFIX: prefix,
    DATABASE_URL: url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    API_TOKENS: `portal=${API_TOKEN}`,
    ADMIN_SLACK_USER_IDS: ADMIN,
    ...options.env,
  });
  const app = await startApp({ config, role: options.role ?? 'web', clock, logger: options.logger ?? createLogger('silent'), mailTiming: options.mailTiming });
  afterAll(async () => {
    // Closed first: a closing worker still writes to Redis.
    await app.close();
    await deleteKeys(`${prefix}:*`, config.redisUrl).catch(() => undefined);
  });
  return { ...app, clock, baseUrl: `http://127.0.0.1:${app.port}` };
}

/**
 * A BullMQ prefix of this run's own, naming the test file that made it: the global teardown checks
 * that no key with it survives, and names the file and queue of any that does.
 */
export function testPrefix(): string {
  const file = basename(expect.getState().testPath ?? 'unknown').replace(/\.test\.ts$/, '').replace(/[^a-z0-9-]/gi, '-');
  return `odt-${inject('runId')}-${file}-${randomBytes(3).toString('hex')}`;
}

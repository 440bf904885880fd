import { afterAll } from 'vitest';
import { startApp, type ProcessRole, type RunningApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { testDatabase } from './db.js';
import { TEST_REDIS_URL } from './db-urls.js';
import { rome } from './time.js';

export const API_TOKEN = 'test-token-0123456789abcdef';
export const ADMIN = 'UADMIN0001';

export interface TestApp extends RunningApp {
  clock: ManualClock;
  baseUrl: string;
}

/** The real application on its own database, a local port and a clock the test moves. */
export async function startTestApp(
  options: { role?: ProcessRole; env?: Record<string, string>; now?: string } = {},
): Promise<TestApp> {
  const { url } = await testDatabase();
  const clock = new ManualClock(rome(options.now ?? '2026-11-30 10:00'));
  const config = loadConfig({
    DATABASE_URL: url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    API_TOKENS: `portal=${API_TOKEN}`,
    ADMIN_SLACK_USER_IDS: ADMIN,
    ...options.env,
  });
  const app = await startApp({ config, role: options.role ?? 'web', clock, logger: createLogger('silent') });
  afterAll(() => app.close());
  return { ...app, clock, baseUrl: `http://127.0.0.1:${app.port ?? 0}` };
}

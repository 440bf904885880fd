import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startTestApp } from '../support/app.js';
import { spawnApp } from '../support/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'od-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('start-up', () => {
  it('bad configuration stops the start with one message listing every problem, from the command line, the environment and .env', async () => {
    // .env in the working directory is read; where the environment sets the same variable, it wins.
    writeFileSync(join(dir, '.env'), 'DIGEST_CRON=every-day\nSLA_HOLIDAYS=IT\nSLACK_TRIAGE_CHANNEL=CTRIAGE\nSLACK_MANAGERS_CHANNEL=CMANAGERS\n');
    const app = spawnApp(['all', '--migrat'], {
      cwd: dir,
      env: { SLA_HOLIDAYS: 'XX', SLACK_BOT_TOKEN: 'xoxb-start', SLACK_SIGNING_SECRET: 'secret', ADMIN_SLACK_USER_IDS: '' },
    });
    expect(await app.exited).toBe(2);
    expect(app.output().trim().split('\n')).toEqual([
      'Invalid configuration:',
      '  - command line: unknown option "--migrat" (usage: [web|worker|all] [--migrate])',
      expect.stringMatching(/^ {2}- SLA_HOLIDAYS: unknown holiday country "XX"/),
      expect.stringMatching(/^ {2}- DIGEST_CRON: "every-day" is not a cron pattern/),
      expect.stringMatching(/^ {2}- ADMIN_SLACK_USER_IDS: required when Slack is configured/),
    ]);
  }, 60_000);

  it('an empty API_TOKENS is started with a warning that the API refuses every call', async () => {
    const lines: string[] = [];
    const app = await startTestApp({ env: { API_TOKENS: '' }, logger: createLogger('info', { write: (l: string) => void lines.push(l) }) });
    const warning = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.msg.startsWith('API_TOKENS is empty'));
    expect(warning).toMatchObject({ level: 40, msg: 'API_TOKENS is empty: the integration API will refuse every call (401)' });
    expect((await fetch(`${app.baseUrl}/api/v1/cases/SO-2026-0001`)).status).toBe(401);
  });
});

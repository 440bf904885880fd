import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForPostgres } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';
import { startTestApp } from '../support/app.js';
import { emptyDatabase, testDatabase } from '../support/db.js';
import { migrations } from '../../migrations/index.js';
import { builtEntry, spawnApp, spawnTracked } from '../support/processes.js';
import { waitFor } from '../support/slack-app.js';

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

  it('a variable with one of our prefixes but an unknown name is a start warning naming the closest known one', async () => {
    const { url } = await testDatabase();
    const empty = mkdtempSync(join(dir, 'no-env-')); // no .env here: only what the test sets
    const app = spawnApp(['web'], { cwd: empty, env: { SLA_HOLDAYS: 'IT/25', PORT: '0', DATABASE_URL: url, SLACK_BOT_TOKEN: '' } });
    await waitFor(() => app.output().includes('SLA_HOLDAYS'), 30_000);
    app.child.kill('SIGTERM');
    await app.exited;
    const line = app.output().split('\n').find((l) => l.includes('SLA_HOLDAYS'))!;
    expect(JSON.parse(line)).toMatchObject({
      level: 40,
      variable: 'SLA_HOLDAYS',
      closest: 'SLA_HOLIDAYS',
      msg: 'SLA_HOLDAYS is not a setting opinion-desk knows and is ignored: did you mean SLA_HOLIDAYS?',
    });
    expect(line).not.toContain('IT/25'); // the name, never the value

    // When the start is refused, the hint comes with the problems (a typo is often their cause).
    const refused = spawnApp(['web'], { cwd: empty, env: { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGING_SECRET: 'secret' } });
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain('SLACK_SIGING_SECRET is not a setting opinion-desk knows and is ignored: did you mean SLACK_SIGNING_SECRET?');
  }, 60_000);

  it('a port another program holds stops the start with one error naming the port and PORT, and a non-zero exit', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    const { port } = holder.address() as { port: number };
    const empty = mkdtempSync(join(dir, 'port-'));
    const app = spawnApp(['web'], { cwd: empty, env: { PORT: String(port), SLACK_BOT_TOKEN: '', LOG_LEVEL: 'info' } });
    expect(await app.exited).toBe(1);
    const errors = app.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => (l.level as number) >= 50);
    expect(errors).toEqual([
      expect.objectContaining({
        level: 60,
        port,
        setting: 'PORT',
        code: 'EADDRINUSE',
        msg: `start failed: port ${port} is already in use by another program: stop that program, or set PORT to a free port`,
      }),
    ]);
  }, 30_000);

  it('an empty API_TOKENS is started with a warning that the API refuses every call', async () => {
    const lines: string[] = [];
    const app = await startTestApp({ env: { API_TOKENS: '' }, logger: createLogger('info', { write: (l: string) => void lines.push(l) }) });
    const warning = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.msg.startsWith('API_TOKENS is empty'));
    expect(warning).toMatchObject({ level: 40, msg: 'API_TOKENS is empty: the integration API will refuse every call (401)' });
    expect((await fetch(`${app.baseUrl}/api/v1/cases/SO-2026-0001`)).status).toBe(401);
  });
});

/** A port where nothing listens yet; `open()` then forwards it to the test PostgreSQL, as a server that finished starting. */
async function latePostgres(target: URL): Promise<{ url: string; open(): Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  let proxy: Server | null = null;
  afterAll(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));
  const url = new URL(target);
  url.port = String(port);
  return {
    url: url.toString(),
    async open() {
      proxy = createServer((client) => {
        const server = connect(Number(target.port || 5432), target.hostname);
        client.pipe(server).pipe(client);
        client.on('error', () => server.destroy());
        server.on('error', () => client.destroy());
      });
      proxy.on('connection', (socket) => proxy!.once('close', () => socket.destroy()));
      await new Promise<void>((resolve) => proxy!.listen(port, '127.0.0.1', resolve));
    },
  };
}

describe('migrations', () => {
  it('wait until PostgreSQL accepts connections, saying so, then migrate', async () => {
    const { url } = await testDatabase();
    const late = await latePostgres(new URL(url));
    const port = new URL(late.url).port;
    const migrate = spawnTracked(process.execPath, [builtEntry('migrate-cli')], { env: { ...process.env, DATABASE_URL: late.url, LOCALE: 'en' } });
    await waitFor(() => migrate.output().includes(`PostgreSQL at 127.0.0.1:${port} does not accept connections yet (ECONNREFUSED): waiting up to 60 s.`), 60_000);
    await late.open();
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain(`PostgreSQL at 127.0.0.1:${port} accepts connections.`);
    const database = new URL(url).pathname.slice(1);
    expect(migrate.output()).toContain(`The database "${database}" on 127.0.0.1:${port} (user postgres) is up to date: no migration to apply.`);
  }, 90_000);

  it('name the database, its host and user, in the operator\'s language (LOCALE=it)', async () => {
    const { url } = await emptyDatabase();
    const database = new URL(url).pathname.slice(1);
    const where = `${new URL(url).hostname}:${new URL(url).port || 5432}`;
    const user = decodeURIComponent(new URL(url).username) || 'postgres';
    const cwd = mkdtempSync(join(dir, 'migrate-')); // no .env here: only what the test sets
    const first = spawnTracked(process.execPath, [builtEntry('migrate-cli')], { cwd, env: { ...process.env, DATABASE_URL: url, LOCALE: 'en' } });
    expect(await first.exited).toBe(0);
    const count = Object.keys(migrations).length;
    expect(first.output()).toContain(`applied: ${Object.keys(migrations).sort()[0]}`);
    expect(first.output()).toContain(`The database "${database}" on ${where} (user ${user}) is up to date: ${count} migrations applied.`);
    const again = spawnTracked(process.execPath, [builtEntry('migrate-cli')], { cwd, env: { ...process.env, DATABASE_URL: url, LOCALE: 'it' } });
    expect(await again.exited).toBe(0);
    expect(again.output().trim()).toBe(`Il database "${database}" su ${where} (utente ${user}) è aggiornato: nessuna migrazione da applicare.`);
  }, 90_000);

  it('give up after the wait with a message naming the server', async () => {
    const late = await latePostgres(new URL((await testDatabase()).url));
    const port = new URL(late.url).port;
    await expect(waitForPostgres(late.url, { waitMs: 1_500 })).rejects.toThrow(
      new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${port} did not accept connections within 2 s \\(last error: ECONNREFUSED\\)$`),
    );
  });
});

/**
 * Failure drills. Each drill starts the app as separate processes (role `all`, plus a second
 * `worker` for the kill drill) against a database of its own, makes 300 reminders come due (150
 * cases unclaimed for days: "unclaimed" in the thread and its escalation to the managers), breaks
 * something while they are being sent, and counts what reached the Slack stand-in.
 *
 *   npm run bench -- drills                       every drill
 *   npx tsx bench/drills.ts redis-emptied slack-down
 *
 * Each drill runs against a Redis server and a PostgreSQL cluster of its own (bench/private-services.ts),
 * which the Redis and PostgreSQL drills stop for 5 seconds and start again: the machine's shared servers
 * are never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PrivatePostgres, PrivateRedis } from './private-services.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startApp } from '../src/app.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { everyDocument } from '../test/support/factories.js';
import { caseInput } from '../test/support/factories.js';
import { SIGNING_SECRET } from '../test/support/slack-requests.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';

const CASES = 150;
const DRILLS = ['redis-emptied', 'redis-restarted', 'postgres-restarted', 'worker-killed', 'slack-down'] as const;
type Drill = (typeof DRILLS)[number];

/** Stopped for a few seconds, so that the outage is seen (a plain restart is over in a blink). */
const OUTAGE_MS = 5_000;

/** Stopped for a few seconds, then started again, empty (Redis keeps nothing on disk, as here). */
async function restartRedis(redis: PrivateRedis): Promise<void> {
  await redis.down();
  await sleep(OUTAGE_MS);
  await redis.up();
}

async function restartPostgres(postgres: PrivatePostgres): Promise<void> {
  postgres.down();
  await sleep(OUTAGE_MS);
  await postgres.up();
}

async function runDrill(drill: Drill): Promise<Record<string, string | number>> {
  const [postgres, redisServer] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
  const dbUrl = new URL(postgres.adminUrl);
  dbUrl.pathname = '/od_drill';
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE od_drill');
  await admin.end();
  const prefix = `od-drill-${randomBytes(3).toString('hex')}`;
  await migrateToLatest(dbUrl.toString());
  const standIn = await new SlackStandIn().start();
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redisServer.url,
    BULLMQ_PREFIX: prefix,
    API_TOKENS: 'drill=drill-token-0123456789abcdef',
    SLACK_BOT_TOKEN: 'xoxb-drill',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
    SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
    ADMIN_SLACK_USER_IDS: 'UBENCHADMIN',
    SLACK_CHANNEL_MESSAGES_PER_SECOND: '20',
    // Every instant is working time, so the drill behaves the same at night and at weekends.
    SLA_WORKING_DAYS: 'mon-sun',
    SLA_WORKING_HOURS: '00:00-24:00',
    SLA_HOLIDAYS: 'none',
    SLA_EXTRA_CLOSURES: '',
    LOG_LEVEL: 'warn',
  };

  // Cases that became ready two days ago, created through the app itself (cards and all).
  const clock = new ManualClock(Date.now() - 2 * 86_400_000);
  const seeder = await startApp({ config: loadConfig({ ...env, PORT: '0' }), role: 'web', clock, logger: createLogger('silent') });
  const actor = { id: 'api:drill', roles: new Set(['integration'] as const) };
  const coordinator = { id: 'UCOORD', roles: new Set(['coordinator'] as const) };
  for (let i = 0; i < CASES; i++) {
    const { view } = await seeder.cases.create(caseInput({ documents: everyDocument(clock.now() - 3_600_000) }), actor);
    await seeder.cases.execute(view.reference, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-01', bankReference: 'x', reason: null }, coordinator);
  }
  await seeder.close();

  const port = 4300 + Math.floor(Math.random() * 500);
  const children: { name: string; child: ChildProcess; crashed: boolean }[] = [];
  // Whatever happens to this script, the app processes it started do not outlive it.
  process.once('exit', () => children.forEach((c) => c.child.exitCode === null && c.child.kill('SIGKILL')));
  const start = (role: 'all' | 'worker', childName: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
      // The second worker answers its health checks on a port of its own.
      env: { ...process.env, ...env, PORT: role === 'all' ? String(port) : '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const entry = { name: childName, child, crashed: false };
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && code !== 0) entry.crashed = true;
    });
    children.push(entry);
  };
  start('all', 'app');
  if (drill === 'worker-killed') start('worker', 'second worker');

  const readiness: number[] = [];
  const poll = setInterval(() => {
    void fetch(`http://127.0.0.1:${port}/readyz`)
      .then((r) => readiness.push(r.status))
      .catch(() => undefined);
  }, 100);

  const db = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 });
  db.on('error', () => undefined);
  db.on('connect', (client) => client.on('error', () => undefined));
  const count = async (q: string) => Number((await db.query(q).catch(() => ({ rows: [{ n: -1 }] }))).rows[0].n);
  const sentNotifications = () => count(`SELECT count(*) n FROM notifications WHERE status = 'sent'`);
  const pendingOutbox = () => count(`SELECT count(*) n FROM slack_outbox WHERE status = 'pending'`);

  // Wait until the batch is under way, then break something.
  const t0 = Date.now();
  while ((await sentNotifications()) < 20 && Date.now() - t0 < 60_000) await sleep(50);
  switch (drill) {
    case 'redis-emptied': {
      const redis = new Redis(redisServer.url);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      break;
    }
    case 'redis-restarted':
      await restartRedis(redisServer);
      break;
    case 'postgres-restarted':
      await restartPostgres(postgres);
      break;
    case 'worker-killed':
      children.find((c) => c.name === 'second worker')!.child.kill('SIGKILL');
      break;
    case 'slack-down':
      standIn.failFor(60_000, { status: 503, error: 'service_unavailable' });
      break;
  }

  // Then wait until everything is sent and delivered (the sweep runs every minute).
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline && ((await sentNotifications()) < 2 * CASES || (await pendingOutbox()) !== 0)) await sleep(250);
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(poll);

  const texts = standIn.callsOf('chat.postMessage').map((c) => String(c.body.text));
  const reminders = texts.filter((t) => t.startsWith(':hourglass:') || t.startsWith(':warning:'));
  const distinct = new Set(reminders).size;
  const result = {
    drill,
    notificationsSent: await sentNotifications(),
    delivered: distinct,
    lost: 2 * CASES - distinct,
    duplicated: reminders.length - distinct,
    readyz: readiness.includes(503) ? (readiness.at(-1) === 200 ? '503 then 200' : `503, last ${readiness.at(-1)}`) : 'stayed 200',
    crashed: children.some((c) => c.crashed) ? children.filter((c) => c.crashed).map((c) => c.name).join(', ') : 'none',
    seconds: Number(seconds.toFixed(1)),
  };

  for (const c of children) c.child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.child.exitCode !== null || c.child.signalCode !== null ? r(null) : c.child.once('exit', r)))),
  );
  await db.end();
  await standIn.stop();
  postgres.remove();
  await redisServer.remove();
  return result;
}

const wanted = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : DRILLS) as Drill[];
console.log(`Failure drills: ${CASES} cases, ${2 * CASES} reminders due at once (aim: 0 lost, 0 duplicated, no crash)`);
for (const drill of wanted) {
  if (!DRILLS.includes(drill)) throw new Error(`unknown drill ${drill}; known: ${DRILLS.join(', ')}`);
  const r = await runDrill(drill);
  console.log(
    `  ${drill.padEnd(19)} lost ${r.lost}, duplicated ${r.duplicated}, delivered ${r.delivered}/${2 * CASES}, /readyz ${r.readyz}, crashed: ${r.crashed} (${r.seconds} s)`,
  );
}
process.exit(0);

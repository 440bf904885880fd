import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { WorkingCalendar } from './domain/calendar.js';
import { createDb, type Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { apiRouter } from './http/api.js';
import { useConfiguredAreaLabels } from './i18n/area-labels.js';
import { healthRouter } from './http/health.js';
import { createLogger, type Logger } from './logger.js';
import { createRedis, type Redis } from './redis.js';
import { CaseService } from './services/cases.js';
import { StaffService } from './services/staff.js';
import { AbsenceService } from './services/absences.js';
import { CaseQueries } from './services/case-queries.js';
import { DigestService } from './services/digest.js';
import { ReportService } from './services/reports.js';
import { createSlackRuntime, type SlackRuntime } from './slack/runtime.js';
import { NotificationService } from './services/notifications.js';
import { slackAnnouncer } from './slack/announcer.js';
import { renderContext } from './slack/deps.js';
import { JobQueue } from '../jobs/queue.js';
import { startJobWorker, type JobWorker } from '../jobs/worker.js';

export const ROLES = ['web', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

export interface AppOptions {
  config: Config;
  role: ProcessRole;
  clock?: Clock;
  logger?: Logger;
  migrate?: boolean;
}

export interface RunningApp {
  config: Config;
  db: Db;
  redis: Redis;
  calendar: WorkingCalendar;
  cases: CaseService;
  staff: StaffService;
  absences: AbsenceService;
  logger: Logger;
  slack: SlackRuntime | null;
  notifications: NotificationService | null;
  jobQueue: JobQueue | null;
  queries: CaseQueries;
  digest: DigestService;
  reports: ReportService;
  /** The HTTP port actually bound. */
  port: number;
  /** Stops taking work, finishes what is in flight, closes connections. */
  close(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, role } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  if (options.migrate ?? config.migrateOnStart) {
    const applied = await migrateToLatest(config.databaseUrl);
    logger.info({ applied: applied.map((m) => m.migrationName) }, 'database schema migrated');
  }
  const db = createDb(config.databaseUrl, 10, (err) => logger.warn({ err: err.message }, 'idle PostgreSQL connection lost'));
  const redis = createRedis(config.redisUrl);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  const calendar = new WorkingCalendar(config.calendar);
  useConfiguredAreaLabels(config.specialistAreas);
  const cases = new CaseService({
    db,
    clock,
    calendar,
    slaTargetWorkingDays: config.slaTargetWorkingDays,
    prices: config.prices,
    pathologyAreas: config.pathologyAreas,
    logger,
    specialistAreas: config.specialistAreas.map((a) => a.id),
  });
  const staff = new StaffService(db, clock, config.adminSlackUserIds, [
    ...config.pathologyAreas,
    ...config.specialistAreas.map((a) => a.id),
  ]);
  const absences = new AbsenceService(db, clock);
  const queries = new CaseQueries(db, cases, calendar, clock);
  const reports = new ReportService(db, calendar, clock, config.slaTargetWorkingDays, config.pathologyAreas);
  const digest = new DigestService(db, queries, calendar, clock, reports);
  const serves = role === 'web' || role === 'all';
  const works = role === 'worker' || role === 'all';

  // Every role answers /healthz and /readyz on PORT (the image's health check); only web serves the rest.
  const http = express();
  http.disable('x-powered-by');
  let slack: SlackRuntime | null = null;
  http.use(healthRouter(db, redis, () => slack?.status.detail() ?? null));
  if (serves) http.use('/api/v1', apiRouter({ cases, reports, calendar: config.calendar, apiTokens: config.apiTokens, bodyLimitBytes: config.apiBodyLimitBytes, logger }));

  let notifications: NotificationService | null = null;
  let jobQueue: JobQueue | null = null;
  let jobWorker: JobWorker | null = null;
  if (config.slack) {
    slack = createSlackRuntime({ config, slack: config.slack, http, cases, reports, staff, absences, queries, digest, calendar, clock, logger, serves, works });
    notifications = new NotificationService({
      db,
      cases,
      digest,
      calendar,
      clock,
      thresholds: config.notifications,
      announcer: slackAnnouncer({ ctx: () => renderContext({ locale: config.locale, calendar, clock }), managersChannel: config.slack.managersChannel }),
      logger,
    });
    const connection = { url: config.redisUrl, prefix: config.bullmqPrefix };
    jobQueue = new JobQueue(connection, clock);
    notifications.useTimers(jobQueue);
    cases.addHooks(notifications.hooks());
    await slack.start();
    if (works) {
      jobWorker = await startJobWorker({
        connection,
        queue: jobQueue,
        notifications,
        digestCron: config.digestCron,
        timeZone: calendar.timeZone,
        logger,
      });
    }
  } else if (works) {
    logger.warn('Slack is not configured: the worker has no notifications to send');
  }

  const server: Server = http.listen(config.port);
  await once(server, 'listening');
  logger.info({ port: (server.address() as AddressInfo).port, role }, 'HTTP server listening');

  return {
    config,
    db,
    redis,
    calendar,
    cases,
    staff,
    absences,
    logger,
    port: (server.address() as AddressInfo).port,
    slack,
    queries,
    digest,
    reports,
    notifications,
    jobQueue,
    async close() {
      await jobWorker?.close();
      await slack?.stop();
      await jobQueue?.close();
      const closed = once(server, 'close');
      server.close();
      server.closeIdleConnections();
      await closed;
      await db.destroy();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { notFound, slackEventsNotServed } from './http/not-found.js';
import { healthRepository } from './db/repositories/health.js';
import { systemClock, type Clock } from './clock.js';
import type { Config, ProcessRole } from './config.js';
import { WorkingCalendar } from './domain/calendar.js';
import { createDb, type Db } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { apiRouter } from './http/api.js';
import { configuredAreaLabels } from './i18n/area-labels.js';
import { accessLog } from './http/access-log.js';
import { healthRouter } from './http/health.js';
import { listenOn } from './http/listen.js';
import { AppMetrics } from './metrics.js';
import { createLogger, type Logger } from './logger.js';
import { createRedis, type Redis } from './redis.js';
import { CaseService } from './services/cases.js';
import { StaffService } from './services/staff.js';
import { AbsenceService } from './services/absences.js';
import { BoardQueries } from './services/board-queries.js';
import { ReassignmentService } from './services/reassignment.js';
import { CaseQueries } from './services/case-queries.js';
import { DigestService } from './services/digest.js';
import { ReportService } from './services/reports.js';
import { RetentionService } from './services/retention.js';
import { HistoryExportService } from './services/history-export.js';
import { StatementImportService } from './services/statement-import.js';
import type { SlackRuntime } from './slack/runtime.js';
import { NotificationService } from './services/notifications.js';
import { SnoozeService } from './services/snoozes.js';
import { MyWorkService } from './services/my-work.js';
import { slackAnnouncer } from './slack/announcer.js';
import { renderContext, urgencyOf } from './slack/deps.js';
import { JobQueue } from '../jobs/queue.js';
import { startJobWorker, type JobWorker } from '../jobs/worker.js';
import { talliesRepository } from './db/repositories/tallies.js';
import type { CaseEffect } from './services/cases.js';
import { workingDurationMs } from './domain/duration.js';
import { MailDelivery } from './mail/delivery.js';
import { mailEffect } from './mail/effect.js';
import { MailInbound } from './mail/inbound.js';

export { ROLES, type ProcessRole } from './config.js';

export interface AppOptions {
  config: Config;
  role: ProcessRole;
  clock?: Clock;
  logger?: Logger;
  migrate?: boolean;
  /** Timing of the mail sender (tests and benches shorten the waits); defaults are the product's. */
  mailTiming?: { retryBaseMs?: number; leaseMs?: number; pollIntervalMs?: number; connections?: number; reconnectBaseMs?: number };
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
  /** The morning "My work" DMs (SPEC section 5); null without Slack. */
  myWork: MyWorkService | null;
  jobQueue: JobQueue | null;
  queries: CaseQueries;
  digest: DigestService;
  reports: ReportService;
  metrics: AppMetrics;
  retention: RetentionService;
  /** The sender of e-mails to applicants; null without MAIL_SMTP_URL. */
  mail: MailDelivery | null;
  /** The watcher of the applicants' replies (worker roles with MAIL_IMAP_URL). */
  inbound: MailInbound | null;
  /** The HTTP port actually bound. */
  port: number;
  /** The port /metrics is served on when METRICS_PORT is set (actually bound); null: on `port`. */
  metricsPort: number | null;
  /** Stops taking work, finishes what is in flight, closes connections. */
  close(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<RunningApp> {
  const { config, role } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const serves = role === 'web' || role === 'all';
  const works = role === 'worker' || role === 'all';

  // First of all, every role answers /healthz on PORT (the image's health check), before it touches
  // PostgreSQL or Redis: a process waiting for a dependency is alive, and /readyz says what it waits for.
  let starting = true;
  let jobQueue: JobQueue | null = null;
  const http = express();
  http.disable('x-powered-by');
  const health = healthRouter([
    { name: 'startup', required: true, check: async () => (starting ? { status: 'unknown', error: 'starting' } : { status: 'ok' }) },
  ]);
  const metricsRef: { current: AppMetrics | null } = { current: null };
  http.use(accessLog(logger));
  http.use(health);
  const serveMetrics: express.RequestHandler = (req, res, next) => (metricsRef.current ? metricsRef.current.handler()(req, res, next) : res.status(503).end());
  // With METRICS_PORT, /metrics is answered there only: PORT (public in HTTP mode, for /slack/events) does not show it.
  let metricsServer: Server | null = null;
  if (config.metricsPort === null) http.get('/metrics', serveMetrics);
  else {
    const metricsHttp = express();
    metricsHttp.disable('x-powered-by');
    metricsHttp.use(accessLog(logger));
    metricsHttp.get('/metrics', serveMetrics);
    metricsServer = await listenOn(metricsHttp, config.metricsPort, 'METRICS_PORT');
  }
  const metricsPort = metricsServer ? (metricsServer.address() as AddressInfo).port : null;
  const server: Server = await listenOn(http, config.port, 'PORT').catch((err: unknown) => {
    metricsServer?.close();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, ...(metricsPort === null ? {} : { metricsPort }), role }, 'HTTP server listening');
  const closeMetricsServer = () => {
    metricsServer?.close();
    metricsServer?.closeAllConnections();
  };

  try {
    if (options.migrate ?? config.migrateOnStart) {
      const applied = await migrateToLatest(config.databaseUrl, { logger });
      logger.info({ applied: applied.map((m) => m.migrationName) }, 'database schema migrated');
    }
  } catch (err) {
    server.close();
    server.closeAllConnections();
    closeMetricsServer();
    throw err;
  }
  const db = createDb(config.databaseUrl, 10, (err) => logger.warn({ err: err.message }, 'idle PostgreSQL connection lost'), {
    waitMs: config.databaseTimeoutMs,
  });
  const redis = createRedis(config.redisUrl);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  health.add({ name: 'postgres', required: true, check: async () => (await healthRepository(db).ping(), { status: 'ok' }) });
  health.add({ name: 'redis', required: true, check: async () => (await redis.ping(), { status: 'ok' }) });
  const calendar = new WorkingCalendar(config.calendar);
  const metrics = new AppMetrics({ databaseUrl: config.databaseUrl, clock, calendar, queue: () => jobQueue, logger, cacheMs: config.metricsCacheMs });
  metricsRef.current = metrics;

  const areaLabels = configuredAreaLabels(config.specialistAreas);
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
  const staff = new StaffService({
    db,
    clock,
    bootstrapAdmins: config.adminSlackUserIds,
    areas: [...config.pathologyAreas, ...config.specialistAreas.map((a) => a.id)],
  });
  const absences = new AbsenceService({ db, clock });
  const board = new BoardQueries({ db, clock });
  const queries = new CaseQueries({ db, cases, calendar, clock });
  const reports = new ReportService({ db, calendar, clock, slaTargetWorkingDays: config.slaTargetWorkingDays, pathologyAreas: config.pathologyAreas });
  const digest = new DigestService({ db, queries, board, calendar, clock, reports });
  const statements = new StatementImportService({ db, cases, clock, toleranceCents: config.bank.matchToleranceCents, autoConfirm: config.bank.autoConfirm, logger });
  const retention = new RetentionService({ db, cases, clock, retentionDays: config.retentionPersonalDataDays, logger });

  if (serves) {
    http.use('/api/v1', apiRouter({ cases, reports, history: new HistoryExportService({ db, cases, timeZone: calendar.timeZone }), apiClients: config.apiClients, databaseTimeoutMs: config.databaseTimeoutMs, bodyLimitBytes: config.apiBodyLimitBytes, logger, locale: config.locale, areaLabels, statements: { statements, csvColumns: config.bank.csvColumns, limitBytes: config.bank.statementLimitBytes } }));
    if (config.apiClients.length === 0) logger.warn('API_TOKENS is empty: the integration API will refuse every call (401)');
    if (config.apiClients.length > 1 && !config.apiScopesConfigured) {
      logger.warn({ clients: config.apiClients.map((c) => c.name) }, 'several API tokens and no API_SCOPES: every client has every scope (reports, history export, payments); set API_SCOPES to restrict them');
    }
  }

  // E-mail to applicants (SPEC section 10): every role sends, as every role delivers to Slack.
  const mail = config.mail.smtp && config.mail.from
    ? new MailDelivery({ db, clock, smtp: config.mail.smtp, from: config.mail.from, replyTo: config.mail.replyTo, connections: config.mail.connections, logger, onOutcome: (o, kind) => metrics.mailOutcome(o, kind), ...options.mailTiming })
    : null;
  if (mail) health.add({ name: 'mail', required: false, check: async () => mail.status() });
  // Replies from applicants (SPEC section 10): the worker watches the mailbox.
  const inbound = works && config.mail.imap
    ? new MailInbound({ db, clock, imap: config.mail.imap, processedFolder: config.mail.processedFolder, logger, ...(options.mailTiming?.reconnectBaseMs ? { reconnectBaseMs: options.mailTiming.reconnectBaseMs } : {}) })
    : null;
  if (inbound) health.add({ name: 'mail_inbound', required: false, check: async () => inbound.status() });
  const effects: CaseEffect[] = [];
  if (mail) {
    const ms = (d: { days: number; minutes: number }) => workingDurationMs(d, calendar.workingDayMs);
    effects.push(
      mailEffect({
        mail: config.mail,
        calendar,
        policy: { documentsMissingEveryMs: ms(config.notifications.intakeStaleEvery), informationReminderEveryMs: ms(config.notifications.awaitingInfoEvery) },
        now: () => clock.now(),
        nudge: () => mail.nudge(),
      }),
    );
  }

  let slack: SlackRuntime | null = null;
  let notifications: NotificationService | null = null;
  let myWork: MyWorkService | null = null;
  let jobWorker: JobWorker | null = null;
  const connection = { url: config.redisUrl, prefix: config.bullmqPrefix };
  if (config.slack) {
    if (serves) http.use('/slack/events', metrics.ackTimer());
    // Loaded only with Slack configured: Bolt takes a sixth of a second to load, which an API-only
    // deployment (and every test without Slack) need not pay.
    const { createSlackRuntime } = await import('./slack/runtime.js');
    slack = createSlackRuntime({ config, slack: config.slack, http, db, cases, reports, staff, absences, board, reassignment: new ReassignmentService({ cases, staff, board }), snoozes: new SnoozeService({ db, cases, calendar, clock, thresholds: config.notifications, timers: () => jobQueue }), queries, digest, calendar, clock, logger, areaLabels, serves, works, mail, inbound, statements });
    const status = slack.status;
    // Shown in the details, never making the process unready: the API and the outbox work while Slack is down.
    health.add({ name: 'slack', required: false, check: async () => status.detail() });
    notifications = new NotificationService({
      db,
      cases,
      digest,
      calendar,
      clock,
      thresholds: config.notifications,
      announcer: slackAnnouncer({ ctx: () => renderContext({ locale: config.locale, calendar, clock, areaLabels, urgency: urgencyOf(config.notifications, calendar.workingDayMs) }), managersChannel: config.slack.managersChannel, routing: config.slack, today: slack.today }),
      logger,
      onSent: (n) => metrics.notificationSent(n),
    });
    myWork = new MyWorkService({ db, queries, calendar, clock, publisher: slack.myWork, logger });
    jobQueue = new JobQueue(connection, clock);
    notifications.useTimers(jobQueue);
    effects.push(slack.effects.cardAndThread, notifications.planEffect(), slack.effects.appHome, ...(slack.effects.today ? [slack.effects.today] : []));
    await slack.start();
  } else if (works) {
    // Personal data are erased on schedule whether or not Slack is used (SPEC section 9).
    jobQueue = new JobQueue(connection, clock);
    logger.warn('Slack is not configured: the worker runs only the jobs that need no Slack (retention, folding the open-case tallies); no reminder, alert or digest is sent');
  }
  // The effects of every change to a case, in the order they run (SPEC sections 4, 5 and 10).
  cases.useEffects(effects);
  mail?.start();
  inbound?.start();
  if (works && jobQueue) {
    jobWorker = await startJobWorker({
      connection,
      queue: jobQueue,
      notifications,
      myWork,
      retention,
      foldTallies: () => talliesRepository(db).fold(),
      digestCron: config.digestCron,
      timeZone: calendar.timeZone,
      logger,
    });
  }
  if (serves) {
    const slackNotHere = slackEventsNotServed(config.slack);
    if (slackNotHere) http.all('/slack/events', slackNotHere);
  }
  // Last: every address nothing above answers, in JSON like the API's errors.
  http.use(notFound);
  starting = false;
  logger.info({ role }, 'started');

  return {
    config,
    db,
    redis,
    calendar,
    cases,
    staff,
    absences,
    logger,
    port,
    metricsPort,
    slack,
    queries,
    digest,
    reports,
    retention,
    notifications,
    myWork,
    jobQueue,
    metrics,
    mail,
    inbound,
    async close() {
      // Each step is bounded, so a dependency that does not answer never keeps the process from exiting.
      const step = (name: string, ms: number, fn: () => Promise<unknown>) => closeWithin(logger, name, ms, fn);
      const serverClosed = once(server, 'close');
      server.close(); // no new connections; requests in flight finish
      server.closeIdleConnections();
      // Worst case about 8 s in all: SIGTERM must end the process within 10 s.
      await Promise.all([
        step('job worker', 4_500, async () => jobWorker?.close()),
        step('slack', 3_000, async () => slack?.stop()),
        step('mail', 3_000, async () => mail?.stop()),
        step('mail inbound', 3_000, async () => inbound?.stop()),
      ]);
      await step('timers', 1_500, async () => jobQueue?.close());
      await step('http server', 1_000, () => serverClosed);
      server.closeAllConnections();
      closeMetricsServer();
      await step('postgres', 1_500, () => Promise.all([db.destroy(), metrics.close(), slack?.closeConnections()]));
      await step('redis', 500, () => redis.quit());
      redis.disconnect();
    },
  };
}

/** Runs one shutdown step, giving up (with a warning) after `ms`; never throws. */
async function closeWithin(logger: Logger, name: string, ms: number, fn: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([fn().then(() => 'closed' as const), gaveUp]);
    if (outcome === 'timeout') logger.warn({ step: name, timeoutMs: ms }, 'shutdown step did not finish in time: going on');
  } catch (err) {
    logger.warn({ step: name, err: err instanceof Error ? err.message : String(err) }, 'shutdown step failed: going on');
  } finally {
    clearTimeout(timer);
  }
}

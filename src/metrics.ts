import type { RequestHandler } from 'express';
import type { KyselyPlugin } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from './clock.js';
import type { WorkingCalendar } from './domain/calendar.js';
import { createDb, type Db } from './db/database.js';
import { operationsRepository } from './db/repositories/operations.js';
import type { Logger } from './logger.js';
import { outboxRepository } from './db/repositories/outbox.js';
import type { JobQueue } from '../jobs/queue.js';
import { mailOutboxRepository } from './db/repositories/mail-outbox.js';

/** A figure read at scrape time gets this long; one that does not come is left out of that scrape. */
const SOURCE_TIMEOUT_MS = 1_000;

async function bounded<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${SOURCE_TIMEOUT_MS} ms`)), SOURCE_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The figures read from PostgreSQL and Redis; a source that did not answer is absent. */
interface SharedFigures {
  outbox?: Record<string, number>;
  queue?: Record<string, number> | null;
  sla?: Record<string, number>;
  overdueMs?: number;
  mail?: { byStatus: Record<string, number>; sentByKind: Record<string, number> };
}

export interface MetricsSources {
  /** Where the shared figures are read: on a connection of the metrics' own, never the API's pool. */
  databaseUrl: string;
  clock: Clock;
  calendar: WorkingCalendar;
  queue: () => JobQueue | null;
  logger: Logger;
  /** How long figures read from PostgreSQL and Redis are served again before being read anew (0: every scrape). */
  cacheMs: number;
}

/**
 * `GET /metrics` (Prometheus text format) on every role. Two kinds of figures:
 * - read from PostgreSQL or Redis (`opinion_desk_outbox_messages`, `opinion_desk_queue_jobs`,
 *   `opinion_desk_cases`, `opinion_desk_notification_overdue_seconds`, `opinion_desk_mail_*`): the same
 *   from every process, so aggregate them with `max`, not `sum`. They are read on one connection of
 *   the metrics' own (SPEC section 6: `/metrics` never competes with the API for connections), at most
 *   once per `cacheMs` whatever the number of scrapers, and the answer made from that read is served
 *   again meanwhile (the process's own figures in it are then up to `cacheMs` old too);
 * - counted by this process (`opinion_desk_notifications_sent_total`, `opinion_desk_notification_lag_seconds`,
 *   `opinion_desk_slack_ack_seconds`, process figures): sum them over processes.
 */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly sent: Counter<'kind'>;
  private readonly lag: Histogram<'kind'>;
  private readonly ack: Histogram;
  private readonly mailAttempts: Counter<'outcome' | 'kind'>;
  private readonly ownDb: Db;
  private readonly db: Db;
  private queries = 0;
  private cached: { atMs: number; text: Promise<string> } | null = null;
  /** What the gauges of the scrape being answered show. */
  private latest: SharedFigures = {};

  constructor(private readonly sources: MetricsSources) {
    const { logger } = sources;
    const registers = [this.registry];
    const latest = () => this.latest;
    // One connection, and no wait on it longer than a source gets.
    this.ownDb = createDb(sources.databaseUrl, 1, (err) => logger.warn({ err: err.message }, 'idle PostgreSQL connection of /metrics lost'), {
      waitMs: SOURCE_TIMEOUT_MS,
    });
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        this.queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    this.db = this.ownDb.withPlugin(counting);

    collectDefaultMetrics({ register: this.registry, prefix: 'opinion_desk_' });

    new Gauge({
      name: 'opinion_desk_outbox_messages',
      help: 'Outbound Slack messages by status (pending: waiting to go; failed: needs an operator, see `npm run cli -- outbox list`).',
      labelNames: ['status'],
      registers,
      collect() {
        this.reset();
        const counts = latest().outbox;
        if (!counts) return;
        for (const status of ['pending', 'failed', 'sent']) this.set({ status }, counts[status] ?? 0);
      },
    });

    new Gauge({
      name: 'opinion_desk_queue_jobs',
      help: 'BullMQ jobs by state (delayed: notification timers); absent while Redis does not answer.',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        const counts = latest().queue;
        if (!counts) return;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });

    new Gauge({
      name: 'opinion_desk_cases',
      help: 'Open cases by SLA state (not_started, running, paused, breached).',
      labelNames: ['sla_state'],
      registers,
      collect() {
        this.reset();
        const counts = latest().sla;
        if (!counts) return;
        for (const state of ['not_started', 'running', 'paused', 'breached']) this.set({ sla_state: state }, counts[state] ?? 0);
      },
    });

    new Gauge({
      name: 'opinion_desk_notification_overdue_seconds',
      help: 'How long the oldest due notification has waited past its planned instant (0: none is late).',
      registers,
      collect() {
        this.reset();
        const ms = latest().overdueMs;
        if (ms !== undefined) this.set(ms / 1000);
      },
    });

    // E-mail to applicants (SPEC section 10).
    new Gauge({
      name: 'opinion_desk_mail_messages',
      help: 'E-mails to applicants by status (pending: queued or planned; failed: see `npm run cli -- mail list`).',
      labelNames: ['status'],
      registers,
      collect() {
        this.reset();
        const counts = latest().mail;
        if (!counts) return;
        for (const status of ['pending', 'failed', 'sent', 'cancelled']) this.set({ status }, counts.byStatus[status] ?? 0);
      },
    });
    new Gauge({
      name: 'opinion_desk_mail_sent',
      help: 'E-mails to applicants sent, by kind (all processes).',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        const counts = latest().mail;
        if (!counts) return;
        for (const [kind, n] of Object.entries(counts.sentByKind)) this.set({ kind }, n);
      },
    });
    this.mailAttempts = new Counter({
      name: 'opinion_desk_mail_attempts_total',
      help: 'SMTP sends by this process, by outcome (sent, retry, failed) and kind.',
      labelNames: ['outcome', 'kind'],
      registers,
    });

    this.sent = new Counter({
      name: 'opinion_desk_notifications_sent_total',
      help: 'Notifications handed to Slack by this process, by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.lag = new Histogram({
      name: 'opinion_desk_notification_lag_seconds',
      help: 'How late a notification went, behind its planned instant.',
      labelNames: ['kind'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 900, 3600],
      registers,
    });
    this.ack = new Histogram({
      name: 'opinion_desk_slack_ack_seconds',
      help: 'Time to answer a Slack request on /slack/events (Slack gives up after 3 s).',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers,
    });
  }

  notificationSent(n: { kind: string; plannedAtMs: number; sentAtMs: number }): void {
    this.sent.inc({ kind: n.kind });
    this.lag.observe({ kind: n.kind }, Math.max(0, n.sentAtMs - n.plannedAtMs) / 1000);
  }

  mailOutcome(outcome: 'sent' | 'retry' | 'failed', kind: string): void {
    this.mailAttempts.inc({ outcome, kind });
  }

  /** Times every response on the path it is mounted at (`/slack/events`). */
  ackTimer(): RequestHandler {
    return (_req, res, next) => {
      const end = this.ack.startTimer();
      res.on('finish', () => end());
      next();
    };
  }

  handler(): RequestHandler {
    return (_req, res, next) => {
      this.answer().then((text) => {
        res.type(this.registry.contentType).send(text);
      }, next);
    };
  }

  /** Queries issued so far on the metrics' own connection (for tests and benchmarks: each read costs a few). */
  get queriesRead(): number {
    return this.queries;
  }

  async close(): Promise<void> {
    await this.ownDb.destroy();
  }

  /**
   * The answer: the last one while it is younger than `cacheMs` (or still being made), else a new
   * read and rendering. The whole text is kept, not only the figures: rendering costs a few
   * milliseconds of CPU, which scrapers back to back would take from the API.
   */
  private answer(): Promise<string> {
    const now = this.sources.clock.now();
    const cached = this.cached;
    if (cached && now >= cached.atMs && now - cached.atMs < this.sources.cacheMs) return cached.text;
    const text = this.read().then((figures) => {
      this.latest = figures;
      return this.registry.metrics();
    });
    const entry = { atMs: now, text };
    this.cached = entry;
    // A rendering that failed is not served again.
    text.catch(() => {
      if (this.cached === entry) this.cached = null;
    });
    return text;
  }

  private async read(): Promise<SharedFigures> {
    const { clock, calendar, logger } = this.sources;
    const db = this.db;
    const now = clock.now();
    const failed = (source: string) => (err: unknown) => {
      logger.warn({ source, err: err instanceof Error ? err.message : String(err) }, 'metrics source did not answer');
      return undefined;
    };
    const [outbox, queue, sla, overdueMs, mail] = await Promise.all([
      bounded(outboxRepository(db).counts()).catch(failed('outbox')),
      bounded(Promise.resolve(this.sources.queue()?.depth() ?? null)).catch(failed('queue')),
      bounded(operationsRepository(db).slaCounts(calendar.workingFloor(now))).catch(failed('cases')),
      bounded(operationsRepository(db).oldestDueNotificationMs(now)).catch(failed('notifications')),
      bounded(mailOutboxRepository(db).counts()).catch(failed('mail outbox')),
    ]);
    return { outbox, queue, sla, overdueMs, mail };
  }
}

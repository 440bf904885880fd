import type { Express } from 'express';
import type { BoardQueries } from '../services/board-queries.js';
import type { ReassignmentService } from '../services/reassignment.js';
import type { SnoozeService } from '../services/snoozes.js';
import type { Clock } from '../clock.js';
import type { Config, SlackConfig } from '../config.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { AreaLabels } from '../i18n/area-labels.js';
import type { Logger } from '../logger.js';
import type { CaseQueries } from '../services/case-queries.js';
import type { CaseService } from '../services/cases.js';
import type { DigestService } from '../services/digest.js';
import type { ReportService } from '../services/reports.js';
import type { CaseEffect } from '../services/cases.js';
import type { StaffService } from '../services/staff.js';
import type { AbsenceService } from '../services/absences.js';
import { RenderQueue } from '../charts/render-queue.js';
import { createBoltApp, type SlackReceiverApp } from './app.js';
import { BotIdentity } from './bot-identity.js';
import { purgeSeenRequests } from './request-guard.js';
import { appHomeEffect, cardAndThreadEffect } from './case-feed.js';
import { SlackDelivery } from './delivery.js';
import { renderContext, urgencyOf, type SlackDeps } from './deps.js';
import { HomePublisher } from './home.js';
import { outboxRepository } from '../db/repositories/outbox.js';
import { createDb, type Db } from '../db/database.js';
import { caseCard } from './views/case-card.js';
import type { MailDelivery } from '../mail/delivery.js';
import { withNames } from './views/render-context.js';
import { staffRepository } from '../db/repositories/staff.js';
import type { MailInbound } from '../mail/inbound.js';
import { correspondence } from './correspondence.js';
import { inboundReporter, inboxReporter, mailCardNote, mailReporter, withMailNote } from './mail.js';
import { createSlackClient, createSlackOutbound, type SlackStatus } from './web-api.js';
import { TodayService } from '../services/today.js';
import { InboxService } from '../services/inbox.js';
import type { StatementImportService } from '../services/statement-import.js';
import { statementReporter } from './bank-notices.js';
import type { MyWorkPublisher } from '../services/my-work.js';
import { TodayMessage } from './today.js';
import { myWorkPublisher } from './my-work.js';

/** Remembered Slack requests past their expiry are deleted this often (any process may do it). */
const PURGE_EVERY_MS = 10 * 60_000;
/** One insert per request, about 0.1 ms each: two connections keep up with thousands of requests a second. */
const FRONT_DOOR_CONNECTIONS = 2;

export interface SlackRuntime {
  deps: SlackDeps;
  /** App Home's views, published and read (the bench reads a person's Home data). */
  home: HomePublisher;
  delivery: SlackDelivery;
  /** Whether the token and URL work, as the last calls saw it (shown by /readyz). */
  status: SlackStatus;
  /** What Slack does on every change to a case; `src/app.ts` puts them in the one list of effects. */
  effects: { cardAndThread: CaseEffect; appHome: CaseEffect; today: CaseEffect | null };
  /** The pinned Today message of the triage channel; null with SLACK_TODAY_UPDATE_SECONDS=0. */
  today: TodayMessage | null;
  /** Queues the morning "My work" DMs (see services/my-work.ts). */
  myWork: MyWorkPublisher;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The replay check's own connections: closed after the HTTP server, when no request can need them. */
  closeConnections(): Promise<void>;
}

/**
 * Slack for one process: the receiver in `web`/`all`, the delivery of queued messages in
 * `worker`/`all`. Every role queues card and thread updates with the change that causes them.
 */
export function createSlackRuntime(o: {
  config: Config;
  slack: SlackConfig;
  http: Express;
  /** The app's database: the outbox, the replay check's purge and the correspondence are read and written there. */
  db: Db;
  cases: CaseService;
  staff: StaffService;
  absences: AbsenceService;
  board: BoardQueries;
  reassignment: ReassignmentService;
  snoozes: SnoozeService;
  queries: CaseQueries;
  digest: DigestService;
  reports: ReportService;
  calendar: WorkingCalendar;
  clock: Clock;
  logger: Logger;
  areaLabels: AreaLabels;
  serves: boolean;
  works: boolean;
  /** The sender of e-mails to applicants, when configured: Slack reports its outcomes in the thread. */
  mail: MailDelivery | null;
  inbound: MailInbound | null;
  /** The bank statements' import: the coordinators are told of the credits it leaves to match. */
  statements: StatementImportService;
}): SlackRuntime {
  const outbound = createSlackOutbound(o.slack.apiUrl, o.logger);
  const client = createSlackClient(o.slack.botToken, outbound, o.logger);
  const identity = new BotIdentity(client, o.slack.botToken, o.logger);
  const base = { locale: o.config.locale, calendar: o.calendar, clock: o.clock, areaLabels: o.areaLabels, urgency: urgencyOf(o.config.notifications, o.calendar.workingDayMs) };
  const ctx = () => renderContext(base);
  const links = (caseIds: readonly number[]) => outboxRepository(o.db).permalinks(caseIds);
  const inbox = new InboxService({ db: o.db, cases: o.cases, clock: o.clock });
  const home = new HomePublisher({ client, staff: o.staff, queries: o.queries, cases: o.cases, board: o.board, absences: o.absences, inbox, ctx, links, pathologyAreas: o.config.pathologyAreas, logger: o.logger });
  // Requests from Slack waiting for their acknowledgement (HTTP mode): charts wait while there are any.
  let requestsInFlight = 0;
  if (o.serves) {
    o.http.use('/slack/events', (_req, res, next) => {
      requestsInFlight++;
      res.once('close', () => requestsInFlight--);
      next();
    });
  }
  const deps: SlackDeps = {
    ...base,
    cases: o.cases,
    staff: o.staff,
    absences: o.absences,
    board: o.board,
    reassignment: o.reassignment,
    snoozes: o.snoozes,
    inbox,
    queries: o.queries,
    digest: o.digest,
    reports: o.reports,
    managersChannel: o.slack.managersChannel,
    chartRenders: new RenderQueue(o.slack.chartRendersAtOnce, o.logger, () => requestsInFlight > 0),
    async shareFiles(to, comment, files) {
      const [kind, target] = 'channel' in to ? (['channel', to.channel] as const) : (['dm', to.user] as const);
      await outboxRepository(o.db).enqueue([{ caseId: null, kind, target, payload: { text: comment, files } }], Date.now());
      delivery.nudge();
    },
    client,
    home,
    logger: o.logger,
    pathologyAreas: o.config.pathologyAreas,
    specialistAreas: o.config.specialistAreas,
    links,
    mail: o.mail,
    correspondence: correspondence(o.db),
  };
  const today = o.slack.todayEveryMs === null
    ? null
    : new TodayMessage({
        db: o.db,
        today: new TodayService({ db: o.db, calendar: o.calendar, clock: o.clock, dueSoonMs: base.urgency.dueSoonMs }),
        channel: o.slack.triageChannel,
        everyMs: o.slack.todayEveryMs,
        ctx,
        logger: o.logger,
      });
  const delivery = new SlackDelivery({
    db: o.db,
    today,
    client,
    logger: o.logger,
    triageChannel: o.slack.triageChannel,
    rateLimits: o.slack.rateLimits,
    renderCard: async (caseId, executor) => {
      const named = withNames(ctx(), await staffRepository(executor).displayNames());
      const card = caseCard(await o.cases.getById(caseId, executor), named);
      return o.mail ? withMailNote(card, await mailCardNote(executor, caseId, named)) : card;
    },
  });
  o.mail?.useReporter(mailReporter({ ctx, routing: o.slack, nudge: () => delivery.nudge() }));
  o.inbound?.useReporter(inboundReporter({ ctx, routing: o.slack, cases: o.cases, nudge: () => delivery.nudge() }));
  inbox.useReporter(inboxReporter({ ctx, nudge: () => delivery.nudge() }));
  o.statements.useReporter(statementReporter({ ctx, routing: o.slack, nudge: () => delivery.nudge() }));
  let purgeTimer: NodeJS.Timeout | null = null;
  // The replay check stands in front of every acknowledgement: it gets connections of its own, so an
  // ack never queues for a connection behind the work of the requests acknowledged before it.
  const frontDoorDb: Db | null = o.serves
    ? createDb(o.config.databaseUrl, FRONT_DOOR_CONNECTIONS, (err) => o.logger.warn({ err: err.message }, 'idle PostgreSQL connection of the replay check lost'))
    : null;
  const receiver: SlackReceiverApp | null = frontDoorDb ? createBoltApp(o.slack, o.http, deps, outbound, identity, frontDoorDb) : null;
  return {
    deps,
    home,
    delivery,
    effects: {
      cardAndThread: cardAndThreadEffect({ ctx, nudge: () => delivery.nudge(), routing: o.slack }),
      appHome: appHomeEffect(home),
      today: today?.effect() ?? null,
    },
    today,
    myWork: myWorkPublisher({ db: o.db, ctx, today, nudge: () => delivery.nudge() }),
    status: outbound.status,
    async start() {
      // Learning who the bot is also tells /readyz early whether the token and URL work.
      identity.start();
      await receiver?.start();
      // Every role delivers: the outbox is shared and paced across processes, so a web-only
      // deployment delivers too, and more processes only share the work.
      delivery.start();
      if (receiver) {
        purgeTimer = setInterval(() => {
          purgeSeenRequests(o.db, Date.now()).catch((err: unknown) =>
            o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'seen Slack requests not purged'),
          );
        }, PURGE_EVERY_MS);
        purgeTimer.unref();
      }
    },
    async stop() {
      if (purgeTimer) clearInterval(purgeTimer);
      identity.stop();
      await receiver?.stop();
      // Reports already acknowledged still get their files (the shutdown step is bounded in app.ts).
      await deps.chartRenders.idle();
      await delivery.stop();
    },
    async closeConnections() {
      await frontDoorDb?.destroy();
    },
  };
}

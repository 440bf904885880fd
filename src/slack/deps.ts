import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebClient } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { Refusal } from '../domain/refusal.js';
import { messages } from '../i18n/messages.js';
import type { Locale } from '../i18n/locale.js';
import type { Logger } from '../logger.js';
import type { CaseQueries } from '../services/case-queries.js';
import type { CaseService } from '../services/cases.js';
import type { DigestService } from '../services/digest.js';
import type { ReportService } from '../services/reports.js';
import type { OutboxFile } from '../db/types.js';
import type { StaffService } from '../services/staff.js';
import type { AbsenceService } from '../services/absences.js';
import type { BoardQueries } from '../services/board-queries.js';
import type { ReassignmentService } from '../services/reassignment.js';
import type { SnoozeService } from '../services/snoozes.js';
import type { InboxService } from '../services/inbox.js';
import type { SpecialistAreaConfig } from '../config.js';
import type { AreaLabels } from '../i18n/area-labels.js';
import { refusalMessage } from '../i18n/format.js';
import type { RenderQueue } from '../charts/render-queue.js';
import type { Correspondence } from './correspondence.js';
/** What the listeners need of App Home: publish a person's again after their action changed it. */
export interface HomeRefresh {
  publish(userId: string): Promise<unknown>;
}
import type { RenderContext, Urgency } from './views/render-context.js';
import type { NotificationThresholds } from '../domain/notification-policy.js';
import { workingDurationMs } from '../domain/duration.js';

/** Everything the Slack listeners need; built once in `slack/app.ts`. */
export interface SlackDeps {
  cases: CaseService;
  staff: StaffService;
  absences: AbsenceService;
  board: BoardQueries;
  reassignment: ReassignmentService;
  /** Snooze on reminder DMs. */
  snoozes: SnoozeService;
  /** The coordinators' inbox: replies to handle, e-mails without a case, bank credits to match. */
  inbox: InboxService;
  queries: CaseQueries;
  digest: DigestService;
  reports: ReportService;
  /** Shares files (a report's CSV, a chart) through the outbox, the one outbound path: in the managers' channel or by DM. */
  shareFiles(to: { channel: string } | { user: string }, comment: string, files: OutboxFile[]): Promise<void>;
  managersChannel: string;
  /** Charts drawn for people (`/so report`), a few at a time, after the acknowledgement. */
  chartRenders: RenderQueue;
  client: WebClient;
  home: HomeRefresh;
  calendar: WorkingCalendar;
  clock: Clock;
  logger: Logger;
  locale: Locale;
  areaLabels: AreaLabels;
  pathologyAreas: readonly string[];
  specialistAreas: readonly SpecialistAreaConfig[];
  /** E-mail to applicants (SPEC section 10); null without MAIL_SMTP_URL. */
  mail: { nudge(): void } | null;
  /** The correspondence of a case: what the Details modal lists, and sending a failed e-mail again. */
  correspondence: Correspondence;
  /** When cards and lines turn "due soon" and "due very soon". */
  urgency: Urgency;
  /** Permalinks of the cards of these cases, for replies that name them. */
  links: (caseIds: readonly number[]) => Promise<Map<number, string>>;
}

export function renderContext(deps: Pick<SlackDeps, 'locale' | 'calendar' | 'clock' | 'areaLabels'> & { urgency?: Urgency }): RenderContext {
  return {
    locale: deps.locale,
    zone: deps.calendar.timeZone,
    workingDayMs: deps.calendar.workingDayMs,
    nowMs: deps.clock.now(),
    areaLabels: deps.areaLabels,
    ...(deps.urgency ? { urgency: deps.urgency } : {}),
  };
}

/** The card turns orange at the due-soon reminder's threshold and says "due very soon" at the imminent one's. */
export function urgencyOf(thresholds: NotificationThresholds, workingDayMs: number): Urgency {
  return { dueSoonMs: workingDurationMs(thresholds.dueSoonBefore, workingDayMs), imminentMs: workingDurationMs(thresholds.dueImminentBefore, workingDayMs) };
}

/** A call to Slack failed (already logged by the outbound path, by method and error code). */
function isSlackFailure(err: unknown): boolean {
  return (
    err instanceof WebAPIRequestError ||
    err instanceof WebAPIHTTPError ||
    err instanceof WebAPIRateLimitedError ||
    err instanceof WebAPIPlatformError
  );
}

/** The text a person reads when their action was refused (or failed for a reason of ours). */
export function refusalText(deps: SlackDeps, err: unknown): string {
  if (err instanceof Refusal) return refusalMessage(err.reason, deps.locale, deps.areaLabels);
  // The only Slack calls made while a person waits open a form (its trigger lasts 3 s).
  if (isSlackFailure(err)) return messages(deps.locale).errors.formDidNotOpen;
  deps.logger.error({ err }, 'slack action failed');
  return messages(deps.locale).errors.unexpected;
}

import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { createDb, type Db } from './db/database.js';
import { WorkingCalendar } from './domain/calendar.js';
import { configuredAreaLabels } from './i18n/area-labels.js';
import { createLogger } from './logger.js';
import { CaseService } from './services/cases.js';
import { StaffService } from './services/staff.js';
import { cardAndThreadEffect } from './slack/case-feed.js';
import { renderContext } from './slack/deps.js';

/**
 * The services a CLI command on cases needs, on one small connection pool, closed afterwards. With
 * Slack configured, its changes queue their card and thread line like any other change.
 */
export async function withCases<T>(
  config: Config,
  fn: (s: { cases: CaseService; staff: StaffService; db: Db; calendar: WorkingCalendar }) => Promise<T>,
): Promise<T> {
  const calendar = new WorkingCalendar(config.calendar);
  const db = createDb(config.databaseUrl, 2);
  try {
    const specialistAreas = config.specialistAreas.map((a) => a.id);
    const cases = new CaseService({
      db,
      clock: systemClock,
      calendar,
      slaTargetWorkingDays: config.slaTargetWorkingDays,
      prices: config.prices,
      pathologyAreas: config.pathologyAreas,
      specialistAreas,
      logger: createLogger(config.logLevel, process.stderr),
    });
    const slack = config.slack;
    if (slack) {
      // A change made here is announced in its case's thread like one made in Slack: the card and
      // the thread line are queued in the change's transaction, and the app's delivery posts them.
      const areaLabels = configuredAreaLabels(config.specialistAreas);
      const ctx = () => renderContext({ locale: config.locale, calendar, clock: systemClock, areaLabels });
      cases.useEffects([cardAndThreadEffect({ ctx, nudge: () => undefined, routing: slack })]);
    }
    const staff = new StaffService({ db, clock: systemClock, bootstrapAdmins: config.adminSlackUserIds, areas: [...config.pathologyAreas, ...specialistAreas] });
    return await fn({ cases, staff, db, calendar });
  } finally {
    await db.destroy();
  }
}

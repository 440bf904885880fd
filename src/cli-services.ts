import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { createDb, type Db } from './db/database.js';
import { WorkingCalendar } from './domain/calendar.js';
import { createLogger } from './logger.js';
import { CaseService } from './services/cases.js';
import { StaffService } from './services/staff.js';

/** The services a CLI command on cases needs, on one small connection pool, closed afterwards. */
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
    const staff = new StaffService(db, systemClock, config.adminSlackUserIds, [...config.pathologyAreas, ...specialistAreas]);
    return await fn({ cases, staff, db, calendar });
  } finally {
    await db.destroy();
  }
}

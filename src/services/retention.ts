import type { Clock } from '../clock.js';
import type { Actor } from '../domain/permissions.js';
import type { Db } from '../db/database.js';
import { retentionRepository } from '../db/repositories/retention.js';
import type { Logger } from '../logger.js';
import type { CaseService } from './cases.js';

const DAY_MS = 86_400_000;
const BATCH = 200;

/** The nightly job acts as an administrator, under a name the history shows. */
export const RETENTION_ACTOR: Actor = { id: 'system:retention', roles: new Set(['admin']) };

export interface RetentionServiceDeps {
  db: Db;
  cases: CaseService;
  clock: Clock;
  /** Days after closing that personal data are kept (RETENTION_PERSONAL_DATA_DAYS). */
  retentionDays: number;
  logger: Logger;
}

/**
 * Retention of personal data (SPEC section 9): a case closed longer than the configured period loses
 * its personal data, with an event in its history; its workflow events and figures stay, so reports
 * and digests still count it. Each erasure is one command on one case, under the case's lock.
 */
export class RetentionService {
  constructor(private readonly deps: RetentionServiceDeps) {}

  /** Erases every case past the period; answers how many. Safe to run from several workers at once. */
  async eraseExpired(): Promise<number> {
    const reason = `retention: closed more than ${this.deps.retentionDays} days ago`;
    let erased = 0;
    for (;;) {
      const due = await retentionRepository(this.deps.db).expired(this.deps.clock.now() - this.deps.retentionDays * DAY_MS, BATCH);
      let progressed = 0;
      for (const reference of due) {
        const { changed } = await this.deps.cases.execute(reference, { type: 'erase_personal_data', reason }, RETENTION_ACTOR);
        if (changed) progressed++;
      }
      erased += progressed;
      if (due.length < BATCH || progressed === 0) break;
    }
    if (erased > 0) this.deps.logger.info({ erased, retentionDays: this.deps.retentionDays }, 'personal data of closed cases erased');
    return erased;
  }

  /** On request (a patient's, a data-protection officer's): one case, with the reason recorded. */
  async erase(reference: string, reason: string, actor: Actor): Promise<boolean> {
    const { changed } = await this.deps.cases.execute(reference, { type: 'erase_personal_data', reason }, actor);
    if (changed) this.deps.logger.info({ reference }, 'personal data erased on request');
    return changed;
  }
}

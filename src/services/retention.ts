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

/**
 * Retention of personal data (SPEC section 9): a case closed longer than the configured period loses
 * its personal data, with an event in its history; its workflow events and figures stay, so reports
 * and digests still count it. Each erasure is one command on one case, under the case's lock.
 */
export class RetentionService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly clock: Clock,
    private readonly retentionDays: number,
    private readonly logger: Logger,
  ) {}

  /** Erases every case past the period; answers how many. Safe to run from several workers at once. */
  async eraseExpired(): Promise<number> {
    const reason = `retention: closed more than ${this.retentionDays} days ago`;
    let erased = 0;
    for (;;) {
      const due = await retentionRepository(this.db).expired(this.clock.now() - this.retentionDays * DAY_MS, BATCH);
      let progressed = 0;
      for (const reference of due) {
        const { changed } = await this.cases.execute(reference, { type: 'erase_personal_data', reason }, RETENTION_ACTOR);
        if (changed) progressed++;
      }
      erased += progressed;
      if (due.length < BATCH || progressed === 0) break;
    }
    if (erased > 0) this.logger.info({ erased, retentionDays: this.retentionDays }, 'personal data of closed cases erased');
    return erased;
  }

  /** On request (a patient's, a data-protection officer's): one case, with the reason recorded. */
  async erase(reference: string, reason: string, actor: Actor): Promise<boolean> {
    const { changed } = await this.cases.execute(reference, { type: 'erase_personal_data', reason }, actor);
    if (changed) this.logger.info({ reference }, 'personal data erased on request');
    return changed;
  }
}

import type { Db } from '../db/database.js';
import { mailInboundRepository } from '../db/repositories/mail-inbound.js';
import { mailOutboxRepository } from '../db/repositories/mail-outbox.js';
import { outboxRepository } from '../db/repositories/outbox.js';

/**
 * The correspondence with a case's applicant as the Slack side reads and changes it, over the
 * database it is given: the listeners get these methods (`SlackDeps.correspondence`), never the
 * database itself.
 */
export interface Correspondence {
  /** The e-mails to the applicant (cancelled ones left out), oldest first. */
  sent(caseId: number): ReturnType<ReturnType<typeof mailOutboxRepository>['ofCase']>;
  /** The applicant's replies matched to the case, oldest first. */
  replies(caseId: number): ReturnType<ReturnType<typeof mailInboundRepository>['repliesOf']>;
  /**
   * Queues a failed e-mail again and the case's thread line saying so, in one transaction; null
   * (and nothing queued) when the e-mail is not a failed one.
   */
  sendAgain(mailId: number, line: (mail: { kind: string }) => string): Promise<{ id: number; case_id: number; kind: string } | null>;
}

export function correspondence(db: Db): Correspondence {
  return {
    sent: (caseId) => mailOutboxRepository(db).ofCase(caseId),
    replies: (caseId) => mailInboundRepository(db).repliesOf(caseId),
    sendAgain: (mailId, line) =>
      db.transaction().execute(async (trx) => {
        const [row] = await mailOutboxRepository(trx).requeueFailed(Date.now(), [mailId]);
        if (!row) return null;
        const text = line(row);
        await outboxRepository(trx).enqueue([{ caseId: row.case_id, kind: 'thread', target: null, payload: { text }, dedupeKey: `mail-retried:${row.id}:${Date.now()}` }], Date.now());
        return row;
      }),
  };
}

import { sql, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database, MailAttachment } from '../types.js';

type Executor = Db | Transaction<Database>;

/** One message read from the mailbox, as stored: metadata only (SPEC section 10). */
export interface InboundRecord {
  messageId: string | null;
  mailbox: string;
  uidValidity: string;
  uid: string;
  receivedAtMs: number;
  fromAddress: string | null;
  kind: 'reply' | 'pec_receipt' | 'unmatched';
  pec: boolean;
  caseId: number | null;
  matchedBy: string | null;
  outboxId: number | null;
  attachments: MailAttachment[];
}

export function mailInboundRepository(db: Executor) {
  return {
    /**
     * Records a message once: a second worker, or the same after a dropped connection, finds it
     * known by its Message-ID or by mailbox + UIDVALIDITY + UID and gets null.
     */
    async insert(r: InboundRecord, nowMs: number): Promise<number | null> {
      const row = await db
        .insertInto('mail_inbound')
        .values({
          message_id: r.messageId,
          mailbox: r.mailbox,
          uidvalidity: r.uidValidity,
          uid: r.uid,
          received_at: new Date(r.receivedAtMs),
          from_address: r.fromAddress,
          kind: r.kind,
          pec: r.pec,
          case_id: r.caseId,
          matched_by: r.matchedBy,
          outbox_id: r.outboxId,
          attachments: JSON.stringify(r.attachments),
          recorded_at: new Date(nowMs),
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async caseIdOf(reference: string): Promise<number | null> {
      const row = await db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirst();
      return row?.id ?? null;
    },

    /** The applicant's replies matched to a case, oldest first: when, and what came attached (for the Details modal). */
    async repliesOf(caseId: number) {
      return db
        .selectFrom('mail_inbound')
        .select(['received_at', 'attachments'])
        .where('case_id', '=', caseId)
        .where('kind', '=', 'reply')
        .orderBy('id')
        .execute();
    },

    /** For coordinators' App Home: replies not yet handled (with their case), or messages without a case; oldest first. */
    async open(kind: 'reply' | 'unmatched', limit: number) {
      return db
        .selectFrom('mail_inbound as i')
        .leftJoin('cases as c', 'c.id', 'i.case_id')
        .select(['i.id', 'i.kind', 'i.received_at', 'i.attachments', 'i.case_id', 'c.reference'])
        .where('i.handled_at', 'is', null)
        .where('i.kind', '=', kind)
        .orderBy('i.id')
        .limit(limit)
        .execute();
    },

    /** How many of each wait for a coordinator. */
    async openCounts(): Promise<{ reply: number; unmatched: number }> {
      const rows = await db
        .selectFrom('mail_inbound')
        .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
        .where('handled_at', 'is', null)
        .where('kind', 'in', ['reply', 'unmatched'])
        .groupBy('kind')
        .execute();
      const n = (kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
      return { reply: n('reply'), unmatched: n('unmatched') };
    },

    async byId(id: number) {
      return db.selectFrom('mail_inbound').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** A coordinator handled it (or attached it to a case): it leaves the App Home list. */
    async markHandled(id: number, by: string, nowMs: number): Promise<boolean> {
      const res = await db.updateTable('mail_inbound').set({ handled_at: new Date(nowMs), handled_by: by }).where('id', '=', id).where('handled_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async attach(id: number, caseId: number, by: string, nowMs: number): Promise<boolean> {
      const res = await db
        .updateTable('mail_inbound')
        .set({ case_id: caseId, kind: 'reply', matched_by: sql`'coordinator'`, handled_at: new Date(nowMs), handled_by: by })
        .where('id', '=', id)
        .where('kind', '=', 'unmatched')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async counts(): Promise<Record<string, number>> {
      const rows = await db.selectFrom('mail_inbound').select(['kind', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('kind').execute();
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    },
  };
}

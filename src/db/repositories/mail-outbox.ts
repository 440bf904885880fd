import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database, MailOutboxTable } from '../types.js';

type Executor = Db | Transaction<Database>;
export type MailRow = Selectable<MailOutboxTable>;

export interface NewMail {
  caseId: number;
  kind: string;
  occurrence: number;
  series: string | null;
  toAddress: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  facts: Record<string, unknown>;
  messageId: string;
  dueAtMs: number;
}

/** What was queued for a case so far: how many per kind, and the latest due instant announced. */
export interface MailHistory {
  counts: Map<string, number>;
  lastAnnouncedDueAtMs: number | null;
}

/** A mail leased to one sender: only that sender records its outcome. */
export interface MailLease {
  id: number;
  claimedBy: string;
}

/** The durable queue of e-mails to applicants, in PostgreSQL (SPEC section 10). */
export function mailOutboxRepository(db: Executor) {
  const values = (m: NewMail, nowMs: number) => ({
    case_id: m.caseId,
    kind: m.kind,
    occurrence: m.occurrence,
    series: m.series,
    status: 'pending' as const,
    to_address: m.toAddress,
    language: m.language,
    subject: m.subject,
    text_body: m.text,
    html_body: m.html,
    facts: JSON.stringify(m.facts),
    message_id: m.messageId,
    due_at: new Date(m.dueAtMs),
    // Leases and backoff are the senders' wall clock (not the business clock `nowMs`): may go at once.
    next_attempt_at: new Date(),
    created_at: new Date(nowMs),
  });
  /**
   * The reminders of these cases (each named once) from now on: pending reminders of these kinds that
   * are no longer planned are cancelled; planned ones are queued, or rewritten (their text and time)
   * while still pending. One update and one insert for all the cases.
   */
  async function replaceRemindersOf(cases: readonly { caseId: number; planned: readonly NewMail[] }[], kinds: readonly string[], nowMs: number): Promise<void> {
    if (cases.length === 0) return;
    const keep = cases.flatMap((c) => c.planned.map((p) => `${c.caseId}:${p.kind}:${p.occurrence}`));
    let cancel = db
      .updateTable('mail_outbox')
      .set({ status: 'cancelled' })
      .where('case_id', 'in', cases.map((c) => c.caseId))
      .where('status', '=', 'pending')
      .where('kind', 'in', kinds)
      // Only planned reminders: the message a change sends at once (the question itself) stays.
      .where('series', 'is not', null);
    if (keep.length > 0) cancel = cancel.where(sql<boolean>`NOT (case_id::text || ':' || kind || ':' || occurrence = ANY(${sql.val(keep)}::text[]))`);
    await cancel.execute();
    const planned = cases.flatMap((c) => c.planned);
    for (let i = 0; i < planned.length; i += 2_000) {
      await db
        .insertInto('mail_outbox')
        .values(planned.slice(i, i + 2_000).map((p) => values(p, nowMs)))
        .onConflict((oc) =>
          oc
            .columns(['case_id', 'kind', 'occurrence'])
            .doUpdateSet((eb) => ({
              subject: eb.ref('excluded.subject'),
              text_body: eb.ref('excluded.text_body'),
              html_body: eb.ref('excluded.html_body'),
              facts: eb.ref('excluded.facts'),
              due_at: eb.ref('excluded.due_at'),
              to_address: eb.ref('excluded.to_address'),
              language: eb.ref('excluded.language'),
            }))
            .where('mail_outbox.status', '=', 'pending')
            .where('mail_outbox.claimed_by', 'is', null),
        )
        .execute();
    }
  }

  /** What was queued for these cases so far, in one query; a case nothing was queued for is not in the answer. */
  async function historyOf(caseIds: readonly number[]): Promise<Map<number, MailHistory>> {
    const out = new Map<number, MailHistory>();
    if (caseIds.length === 0) return out;
    const rows = await db
      .selectFrom('mail_outbox')
      .select(['case_id', 'kind', 'facts', 'status'])
      .where('case_id', 'in', [...caseIds])
      .where('status', '<>', 'cancelled')
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const h = out.get(r.case_id) ?? { counts: new Map<string, number>(), lastAnnouncedDueAtMs: null };
      h.counts.set(r.kind, (h.counts.get(r.kind) ?? 0) + 1);
      if (r.kind === 'documentation_complete' && typeof r.facts.dueAtMs === 'number') h.lastAnnouncedDueAtMs = r.facts.dueAtMs;
      out.set(r.case_id, h);
    }
    return out;
  }

  return {
    replaceRemindersOf,
    historyOf,

    /** Queues messages; one already queued for its case, kind and occurrence is kept as it is. */
    async enqueue(mails: readonly NewMail[], nowMs: number): Promise<void> {
      // Within PostgreSQL's 65,535 parameters per statement (16 per mail).
      for (let i = 0; i < mails.length; i += 2_000) {
        await db
          .insertInto('mail_outbox')
          .values(mails.slice(i, i + 2_000).map((m) => values(m, nowMs)))
          .onConflict((oc) => oc.columns(['case_id', 'kind', 'occurrence']).doNothing())
          .execute();
      }
    },

    /**
     * Of a series of reminders, when several are due only the latest goes (missed repeats collapse):
     * the older ones are cancelled. Answers how many.
     */
    async cancelSuperseded(nowMs: number): Promise<number> {
      const res = await sql`
        UPDATE mail_outbox o SET status = 'cancelled'
         WHERE o.status = 'pending' AND o.series IS NOT NULL AND o.claimed_by IS NULL
           AND EXISTS (SELECT 1 FROM mail_outbox l
                        WHERE l.case_id = o.case_id AND l.series = o.series AND l.status = 'pending'
                          AND l.occurrence > o.occurrence AND l.due_at <= ${new Date(nowMs)})
      `.execute(db);
      return Number(res.numAffectedRows ?? 0);
    },

    /**
     * Leases up to `limit` of the oldest mails that may go now (due in business time, not leased or
     * backing off in the senders' time) to `claimedBy` until `leaseUntilMs`, in one statement: two
     * senders never hold the same mail, and one that died lets its lease run out.
     */
    async claim(dueBeforeMs: number, wallNowMs: number, claimedBy: string, leaseUntilMs: number, limit: number): Promise<MailRow[]> {
      const next = db
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('due_at', '<=', new Date(dueBeforeMs))
        .where('next_attempt_at', '<=', new Date(wallNowMs))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked();
      const rows = await db
        .updateTable('mail_outbox')
        .set({ next_attempt_at: new Date(leaseUntilMs), claimed_by: claimedBy })
        .where('id', 'in', (eb) => eb.selectFrom(next.as('n')).select('n.id'))
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.id - b.id);
    },

    /** The earliest wall-clock instant a pending mail may be tried (a lease's end counts). */
    async nextAttemptAt(dueBeforeMs: number): Promise<number | null> {
      const row = await db
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'pending')
        .where('due_at', '<=', new Date(dueBeforeMs))
        .executeTakeFirst();
      return row?.at ? new Date(row.at as Date).getTime() : null;
    },

    /** Marks as sent those of the mails still leased to `claimedBy`, in one statement; answers their ids. */
    async markSent(claimedBy: string, ids: readonly number[], nowMs: number): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: new Date(nowMs), claimed_by: null, last_error: null, attempts: sql`attempts + 1` })
        .where('id', 'in', ids)
        .where('claimed_by', '=', claimedBy)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    /** Mails leased to `claimedBy` and never handed to the SMTP server go back at once, attempts unchanged. */
    async release(claimedBy: string, ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('mail_outbox')
        .set({ next_attempt_at: new Date(), claimed_by: null })
        .where('status', '=', 'pending')
        .where('id', 'in', ids)
        .where('claimed_by', '=', claimedBy)
        .execute();
    },

    async retryLater(lease: MailLease, atMs: number, error: string): Promise<void> {
      await db
        .updateTable('mail_outbox')
        .set({ next_attempt_at: new Date(atMs), last_error: error, claimed_by: null, attempts: sql`attempts + 1` })
        .where('id', '=', lease.id)
        .where('claimed_by', '=', lease.claimedBy)
        .execute();
    },

    async markFailed(lease: MailLease, error: string): Promise<boolean> {
      const res = await db
        .updateTable('mail_outbox')
        .set({ status: 'failed', last_error: error, claimed_by: null, attempts: sql`attempts + 1` })
        .where('id', '=', lease.id)
        .where('claimed_by', '=', lease.claimedBy)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Failed mails go back to the queue: all of them, or those named. Answers the ones requeued. */
    async requeueFailed(wallNowMs: number, ids: readonly number[] | null = null): Promise<{ id: number; case_id: number; kind: string }[]> {
      if (ids !== null && ids.length === 0) return [];
      let q = db
        .updateTable('mail_outbox')
        .set({ status: 'pending', next_attempt_at: new Date(wallNowMs), attempts: 0, claimed_by: null })
        .where('status', '=', 'failed')
        .where('to_address', 'is not', null);
      if (ids !== null) q = q.where('id', 'in', ids);
      return q.returning(['id', 'case_id', 'kind']).execute();
    },

    /** For an operator: what, for which case, its state and why; never the address or the text. */
    async list(statuses: readonly MailRow['status'][], limit: number) {
      return db
        .selectFrom('mail_outbox as m')
        .innerJoin('cases as c', 'c.id', 'm.case_id')
        .select(['m.id', 'm.kind', 'm.occurrence', 'm.status', 'm.attempts', 'm.last_error', 'm.due_at', 'm.created_at', 'm.sent_at', 'm.message_id', 'c.reference'])
        .where('m.status', 'in', statuses)
        .orderBy('m.id')
        .limit(limit)
        .execute();
    },

    /** A case's correspondence for the Details modal: kind, instants and state, oldest first. */
    async ofCase(caseId: number) {
      return db
        .selectFrom('mail_outbox')
        .select(['id', 'kind', 'status', 'created_at', 'due_at', 'sent_at', 'delivery_confirmed_at', 'last_error'])
        .where('case_id', '=', caseId)
        .where('status', '<>', 'cancelled')
        .orderBy('id')
        .execute();
    },

    /** The mails we sent with these Message-IDs (a reply names them in In-Reply-To / References). */
    async sentByMessageIds(messageIds: readonly string[]) {
      if (messageIds.length === 0) return [];
      return db.selectFrom('mail_outbox').select(['id', 'case_id', 'kind', 'message_id']).where('message_id', 'in', [...new Set(messageIds)]).execute();
    },

    async confirmDelivery(id: number, atMs: number): Promise<void> {
      await db.updateTable('mail_outbox').set({ delivery_confirmed_at: new Date(atMs) }).where('id', '=', id).where('delivery_confirmed_at', 'is', null).execute();
    },

    async byId(id: number) {
      return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Erasure (SPEC sections 9 and 10): the addresses, subjects, bodies and facts go; kind, instants and state stay. */
    async erase(caseId: number): Promise<void> {
      await db
        .updateTable('mail_outbox')
        .set({ to_address: null, subject: '', text_body: '', html_body: '', facts: '{}', status: sql`CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END` })
        .where('case_id', '=', caseId)
        .execute();
    },

    /** Counts for `/metrics`: per state, and sent per kind. */
    async counts(): Promise<{ byStatus: Record<string, number>; sentByKind: Record<string, number> }> {
      const rows = await db
        .selectFrom('mail_outbox')
        .select(['status', 'kind', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy(['status', 'kind'])
        .execute();
      const byStatus: Record<string, number> = {};
      const sentByKind: Record<string, number> = {};
      for (const r of rows) {
        byStatus[r.status] = (byStatus[r.status] ?? 0) + Number(r.n);
        if (r.status === 'sent') sentByKind[r.kind] = Number(r.n);
      }
      return { byStatus, sentByKind };
    },
  };
}

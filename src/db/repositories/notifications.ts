import { sql, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../types.js';

type Executor = Db | Transaction<Database>;

export interface NotificationKey {
  kind: string;
  occurrence: number;
  dueAtMs: number;
}

/** What is planned and what was sent; the unique (subject, kind, occurrence) makes "sent" happen once. */
export function notificationsRepository(db: Executor) {
  const repo = {
    /** Stores the plan of one subject: new rows become `planned`, planned rows no longer in it are cancelled. */
    async replacePlan(subject: string, caseId: number | null, plan: readonly NotificationKey[], nowMs: number) {
      await repo.replacePlans([{ subject, caseId, plan }], nowMs);
      return db
        .selectFrom('notifications')
        .select(['id', 'due_at'])
        .where('subject', '=', subject)
        .where('status', '=', 'planned')
        .execute();
    },

    /** `replacePlan` for many subjects at once (a bank statement's cases): one insert and one update for all. */
    async replacePlans(plans: readonly { subject: string; caseId: number | null; plan: readonly NotificationKey[] }[], nowMs: number): Promise<void> {
      if (plans.length === 0) return;
      const rows = plans.flatMap(({ subject, caseId, plan }) =>
        plan.map((p) => ({ case_id: caseId, subject, kind: p.kind, occurrence: p.occurrence, due_at: new Date(p.dueAtMs), status: 'planned', created_at: new Date(nowMs) })),
      );
      for (let i = 0; i < rows.length; i += 5_000) {
        await db
          .insertInto('notifications')
          .values(rows.slice(i, i + 5_000))
          .onConflict((oc) =>
            oc
              .columns(['subject', 'kind', 'occurrence'])
              // A planned row follows the plan (a pause moves the due instant) and a cancelled one may come
              // back (paused, then resumed); a sent one never changes, so it never goes twice.
              .doUpdateSet({ due_at: (eb) => eb.ref('excluded.due_at'), status: 'planned' })
              .where('notifications.status', 'in', ['planned', 'cancelled']),
          )
          .execute();
      }
      const keep = JSON.stringify(rows.map((r) => ({ subject: r.subject, kind: r.kind, occurrence: r.occurrence })));
      await sql`
        UPDATE notifications n SET status = 'cancelled'
         WHERE n.subject = ANY(${sql.val(plans.map((p) => p.subject))}::text[])
           AND n.status = 'planned'
           AND NOT EXISTS (
             SELECT 1 FROM jsonb_to_recordset(${keep}::jsonb) AS k(subject text, kind text, occurrence integer)
              WHERE k.subject = n.subject AND k.kind = n.kind AND k.occurrence = n.occurrence)
      `.execute(db);
    },

    /** The next planned notification that is due (not locked: see `lockPlanned`). */
    async nextDue(nowMs: number, id: number | null) {
      let q = db
        .selectFrom('notifications')
        .select(['id', 'case_id'])
        .where('status', '=', 'planned')
        .where('due_at', '<=', new Date(nowMs));
      if (id !== null) q = q.where('id', '=', id);
      return q.orderBy('due_at').orderBy('id').limit(1).executeTakeFirst();
    },

    /** Locks a notification that is still planned; answers nothing when another worker got to it first. */
    async lockPlanned(id: number) {
      return db.selectFrom('notifications').selectAll().where('id', '=', id).where('status', '=', 'planned').forUpdate().executeTakeFirst();
    },

    async mark(id: number, status: 'sent' | 'cancelled', nowMs: number): Promise<void> {
      await db
        .updateTable('notifications')
        .set({ status, sent_at: status === 'sent' ? new Date(nowMs) : null })
        .where('id', '=', id)
        .execute();
    },

    /** A notification that can never go (its case cannot be read), with the reason for whoever looks. */
    async fail(id: number, error: string): Promise<void> {
      await db.updateTable('notifications').set({ status: 'failed', last_error: error }).where('id', '=', id).execute();
    },

    /** Inserts a one-off (the daily digest); answers its id, or null when it already exists. */
    async claimOnce(subject: string, kind: string, occurrence: number, nowMs: number): Promise<number | null> {
      const row = await db
        .insertInto('notifications')
        .values({ case_id: null, subject, kind, occurrence, due_at: new Date(nowMs), status: 'sent', sent_at: new Date(nowMs), created_at: new Date(nowMs) })
        .onConflict((oc) => oc.columns(['subject', 'kind', 'occurrence']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    /** The planned notifications of one case, for its timers. */
    async plannedOf(caseId: number) {
      return repo.plannedOfCases([caseId]);
    },

    /** The planned notifications of these cases. */
    async plannedOfCases(caseIds: readonly number[]) {
      if (caseIds.length === 0) return [];
      return db.selectFrom('notifications').select(['id', 'due_at']).where('case_id', 'in', [...caseIds]).where('status', '=', 'planned').execute();
    },

    /** When the latest one-off of this subject and kind was sent before `beforeMs` (the previous digest), or null. */
    async lastSentBefore(subject: string, kind: string, beforeMs: number): Promise<number | null> {
      const row = await db
        .selectFrom('notifications')
        .select('sent_at')
        .where('subject', '=', subject)
        .where('kind', '=', kind)
        .where('status', '=', 'sent')
        .where('sent_at', '<', new Date(beforeMs))
        .orderBy('sent_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.sent_at ? row.sent_at.getTime() : null;
    },

    /**
     * The cases held by `holder`, due at the same instant `caseDueAtMs`, with a notification of this
     * kind at this very instant (planned or already sent): one DM lists them all (SPEC section 5).
     */
    async sameInstantFor(holder: string, kind: string, dueAtMs: number, caseDueAtMs: number): Promise<{ caseId: number; reference: string }[]> {
      const rows = await db
        .selectFrom('notifications as n')
        .innerJoin('cases as c', 'c.id', 'n.case_id')
        .select(['c.id', 'c.reference'])
        .where('c.assignee', '=', holder)
        // The cases' own reminders (a snoozed one coming back is a row of the person's: see `snoozedTo`).
        .where('n.subject', 'like', 'case:%')
        .where('c.sla_due_at', '=', new Date(caseDueAtMs))
        .where('n.kind', '=', kind)
        .where('n.due_at', '=', new Date(dueAtMs))
        .where('n.status', 'in', ['planned', 'sent'])
        .orderBy('c.reference')
        .limit(20)
        .execute();
      return rows.map((r) => ({ caseId: Number(r.id), reference: r.reference }));
    },

    /** One notification by id (a snooze names the reminder it puts off), with its case's due instant. */
    async byId(id: number) {
      return db
        .selectFrom('notifications as n')
        .leftJoin('cases as c', 'c.id', 'n.case_id')
        .select(['n.id', 'n.case_id', 'n.subject', 'n.kind', 'n.occurrence', 'n.due_at', 'c.sla_due_at'])
        .where('n.id', '=', id)
        .executeTakeFirst();
    },

    /**
     * Records a snooze as the reminder coming back to one person: a planned row of their own subject,
     * at the instant it ends. Snoozing the same reminder again moves that instant (and plans it again).
     */
    async snooze(s: { caseId: number; subject: string; kind: string; occurrence: number; untilMs: number }, nowMs: number) {
      return db
        .insertInto('notifications')
        .values({ case_id: s.caseId, subject: s.subject, kind: s.kind, occurrence: s.occurrence, due_at: new Date(s.untilMs), status: 'planned', created_at: new Date(nowMs) })
        .onConflict((oc) => oc.columns(['subject', 'kind', 'occurrence']).doUpdateSet({ due_at: new Date(s.untilMs), status: 'planned', sent_at: null }))
        .returning(['id', 'due_at'])
        .executeTakeFirstOrThrow();
    },

    /**
     * Which of these snooze subjects (a person and a case) had this kind of reminder snoozed at the
     * instant `atMs`: snoozed before it, until it or later. A reminder due then is held back for that
     * person (their snooze brings it back, or already has at that very instant).
     */
    async snoozing(subjects: readonly string[], kind: string, atMs: number): Promise<Set<string>> {
      if (subjects.length === 0) return new Set();
      const rows = await db
        .selectFrom('notifications')
        .select('subject')
        .where('subject', 'in', [...subjects])
        .where('kind', '=', kind)
        .where('status', 'in', ['planned', 'sent'])
        .where('created_at', '<=', new Date(atMs))
        .where('due_at', '>=', new Date(atMs))
        .execute();
      return new Set(rows.map((r) => r.subject));
    },

    /**
     * The cases held by `holder` and due at `caseDueAtMs` whose reminder of this kind the holder
     * snoozed to the instant `untilMs`: they come back together, in one DM, as they went.
     */
    async snoozedTo(holder: string, kind: string, untilMs: number, caseDueAtMs: number): Promise<{ caseId: number; reference: string }[]> {
      const rows = await db
        .selectFrom('notifications as n')
        .innerJoin('cases as c', 'c.id', 'n.case_id')
        .select(['c.id', 'c.reference'])
        .where('n.subject', 'like', `snooze:%:${holder}`)
        .where('c.assignee', '=', holder)
        .where('c.sla_due_at', '=', new Date(caseDueAtMs))
        .where('n.kind', '=', kind)
        .where('n.due_at', '=', new Date(untilMs))
        .where('n.status', 'in', ['planned', 'sent'])
        .orderBy('c.reference')
        .limit(20)
        .execute();
      return rows.map((r) => ({ caseId: Number(r.id), reference: r.reference }));
    },

    async planned(limit: number) {
      return db.selectFrom('notifications').select(['id', 'due_at']).where('status', '=', 'planned').orderBy('due_at').limit(limit).execute();
    },
  };
  return repo;
}

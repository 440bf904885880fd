import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { WorkingCalendar } from '../domain/calendar.js';
import { MAIL_REMINDER_KINDS, mailsOfChange, plannedMailReminders, type MailIntent, type MailKind, type MailPolicy } from '../domain/mail.js';
import { mailOutboxRepository, type NewMail } from '../db/repositories/mail-outbox.js';
import type { Database } from '../db/types.js';
import type { Locale } from '../i18n/locale.js';
import type { CaseChange, CaseEffect } from '../services/cases.js';
import type { MailConfig } from './config.js';
import { renderMail } from './render.js';

/** Who the applicant is written to: the applicant's address, else the patient's; in the correspondence language. */
export async function correspondent(trx: Transaction<Database>, caseId: number) {
  return (await correspondents(trx, [caseId])).get(caseId) ?? null;
}

/** `correspondent` of several cases, in one query. */
async function correspondents(trx: Transaction<Database>, caseIds: readonly number[]) {
  const rows =
    caseIds.length === 0
      ? []
      : await trx
          .selectFrom('case_personal_data as p')
          .innerJoin('cases as c', 'c.id', 'p.case_id')
          .select(['p.case_id', 'p.applicant_email', 'p.patient_email', 'p.applicant_language', 'p.patient_name', 'c.language'])
          .where('p.case_id', 'in', [...caseIds])
          .execute();
  return new Map(
    rows.map((p) => [
      p.case_id,
      { address: p.applicant_email ?? p.patient_email, language: (p.applicant_language ?? p.language) as Locale, patientName: p.patient_name },
    ]),
  );
}

/**
 * Every change to a case may write to its applicant (SPEC section 10): the messages it causes and its
 * reminders from now on are written in the mail outbox in the change's own transaction, so a
 * committed change is never left unsent and a rolled-back one is never sent. No SMTP server is
 * talked to here: the mail delivery sends after commit.
 */
export function mailEffect(deps: {
  mail: MailConfig;
  calendar: WorkingCalendar;
  policy: Omit<MailPolicy, 'calendar'>;
  now: () => number;
  nudge: () => void;
}): CaseEffect {
  const kinds = new Set<MailKind>(deps.mail.kinds);
  const domain = deps.mail.from?.address.split('@')[1] ?? 'localhost';
  const policy: MailPolicy = { calendar: deps.calendar, ...deps.policy };
  return {
    name: 'queue the e-mails to the applicant in the mail outbox',
    // One change or a bank statement's thousands: the correspondents and what was written to them read
    // once, the mails and reminders of every change written in a statement or two.
    async inTransactionEach(trx, changes: readonly CaseChange[]) {
      const nowMs = deps.now();
      const outbox = mailOutboxRepository(trx);
      const caseIds = [...new Set(changes.map((c) => c.view.id))];
      const to = await correspondents(trx, caseIds);
      // No address (the card says so), or erased: nobody to write to.
      const written = changes.filter((c) => to.get(c.view.id)?.address);
      if (written.length === 0) return;
      const past = await outbox.historyOf([...new Set(written.map((c) => c.view.id))]);
      const mail = (change: CaseChange, i: MailIntent): NewMail => {
        const person = to.get(change.view.id)!;
        const r = renderMail(i.facts, {
          reference: change.view.reference,
          locale: person.language,
          timeZone: deps.calendar.timeZone,
          patientName: person.patientName,
          iban: deps.mail.iban,
          beneficiary: deps.mail.beneficiary,
        });
        return {
          caseId: change.view.id,
          kind: i.kind,
          occurrence: i.occurrence,
          series: i.series,
          toAddress: person.address!,
          language: person.language,
          subject: r.subject,
          text: r.text,
          html: r.html,
          facts: i.facts,
          messageId: `<${randomUUID()}@${domain}>`,
          dueAtMs: i.sendAtMs,
        };
      };
      const now: NewMail[] = [];
      /** Each case's last change: its reminders are planned from it. */
      const last = new Map<number, CaseChange>();
      for (const change of written) {
        const caseId = change.view.id;
        const sofar = past.get(caseId) ?? { counts: new Map<string, number>(), lastAnnouncedDueAtMs: null };
        const intents = mailsOfChange(
          policy,
          { before: change.before, after: change.view.state, events: change.events, history: change.history, sla: change.view.sla, nowMs },
          { count: (k) => sofar.counts.get(k) ?? 0, lastAnnouncedDueAtMs: sofar.lastAnnouncedDueAtMs },
        ).filter((i) => kinds.has(i.kind));
        // A later change of the same case (two credits of one statement) counts what this one queued.
        for (const i of intents) {
          sofar.counts.set(i.kind, (sofar.counts.get(i.kind) ?? 0) + 1);
          if (i.facts.kind === 'documentation_complete') sofar.lastAnnouncedDueAtMs = i.facts.dueAtMs;
        }
        past.set(caseId, sofar);
        now.push(...intents.map((i) => mail(change, i)));
        last.set(caseId, change);
      }
      await outbox.enqueue(now, nowMs);
      const reminders = [...last].map(([caseId, change]) => ({
        caseId,
        planned: plannedMailReminders(policy, change.view.state, nowMs).filter((i) => kinds.has(i.kind)).map((i) => mail(change, i)),
      }));
      await outbox.replaceRemindersOf(reminders, MAIL_REMINDER_KINDS, nowMs);
    },
    async afterCommitEach() {
      deps.nudge();
    },
  };
}

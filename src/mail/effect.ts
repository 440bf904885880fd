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
  const p = await trx
    .selectFrom('case_personal_data as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .select(['p.applicant_email', 'p.patient_email', 'p.applicant_language', 'p.patient_name', 'c.language'])
    .where('p.case_id', '=', caseId)
    .executeTakeFirst();
  if (!p) return null;
  return {
    address: p.applicant_email ?? p.patient_email,
    language: (p.applicant_language ?? p.language) as Locale,
    patientName: p.patient_name,
  };
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
    async inTransaction(trx, change: CaseChange) {
      const caseId = change.view.id;
      const to = await correspondent(trx, caseId);
      // No address (the card says so), or erased: nobody to write to.
      if (!to?.address) return;
      const outbox = mailOutboxRepository(trx);
      const nowMs = deps.now();
      const past = await outbox.history(caseId);
      const mail = (i: MailIntent): NewMail => {
        const r = renderMail(i.facts, {
          reference: change.view.reference,
          locale: to.language,
          timeZone: deps.calendar.timeZone,
          patientName: to.patientName,
          iban: deps.mail.iban,
          beneficiary: deps.mail.beneficiary,
        });
        return {
          caseId,
          kind: i.kind,
          occurrence: i.occurrence,
          series: i.series,
          toAddress: to.address!,
          language: to.language,
          subject: r.subject,
          text: r.text,
          html: r.html,
          facts: i.facts,
          messageId: `<${randomUUID()}@${domain}>`,
          dueAtMs: i.sendAtMs,
        };
      };
      const now = mailsOfChange(
        policy,
        { before: change.before, after: change.view.state, events: change.events, history: change.history, sla: change.view.sla, nowMs },
        { count: (k) => past.counts.get(k) ?? 0, lastAnnouncedDueAtMs: past.lastAnnouncedDueAtMs },
      ).filter((i) => kinds.has(i.kind));
      await outbox.enqueue(now.map(mail), nowMs);
      const reminders = plannedMailReminders(policy, change.view.state, nowMs).filter((i) => kinds.has(i.kind));
      await outbox.replaceReminders(caseId, MAIL_REMINDER_KINDS, reminders.map(mail), nowMs);
    },
    async afterCommit() {
      deps.nudge();
    },
  };
}

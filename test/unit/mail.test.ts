import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { foldCase, slaTimeline } from '../../src/domain/case.js';
import { type NewCaseEvent } from '../../src/domain/events.js';
import { decide, decideCreate, type CaseCommand } from '../../src/domain/commands.js';
import { CANCEL_CATEGORIES } from '../../src/domain/events.js';
import { MAIL_KINDS, mailsOfChange, plannedMailReminders, type MailFacts, type MailPolicy } from '../../src/domain/mail.js';
import { slaStatus } from '../../src/domain/sla.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { renderMail } from '../../src/mail/render.js';
import { coordinator, doctor, everyDocument, portal } from '../support/factories.js';
import { rome, showRome } from '../support/time.js';

const cal = new WorkingCalendar(DEFAULT_CALENDAR);
const TARGET = 5 * cal.workingDayMs;
const policy: MailPolicy = { calendar: cal, documentsMissingEveryMs: 5 * cal.workingDayMs, informationReminderEveryMs: 2 * cal.workingDayMs };
const none = { count: () => 0, lastAnnouncedDueAtMs: null };

function created(at: string, documentsAt: string | null): NewCaseEvent[] {
  return decideCreate(
    { applicantType: 'patient', pathologyArea: 'eye', language: 'en', imageReview: false, deliveryChannel: 'email', expectedCents: 51_800 },
    documentsAt ? everyDocument(rome(documentsAt)) : [],
    portal,
    rome(at),
  );
}

function change(history: NewCaseEvent[], command: CaseCommand, actor = coordinator, at = '2026-12-01 10:00') {
  const before = foldCase(history);
  const events = decide(before, command, actor, rome(at), 'Europe/Rome');
  const all = [...history, ...events];
  const after = foldCase(all);
  return { before, after, events, history: all, sla: slaStatus(cal, slaTimeline(after), rome(at), TARGET), nowMs: rome(at) };
}

describe('which e-mails a change sends', () => {
  it('a new case: request received; complete at once: documentation complete too, with the due instant', () => {
    const events = created('2026-11-30 10:00', '2026-11-30 10:00');
    const after = foldCase(events);
    const mails = mailsOfChange(policy, { before: null, after, events, history: events, sla: slaStatus(cal, slaTimeline(after), rome('2026-11-30 10:00'), TARGET), nowMs: rome('2026-11-30 10:00') }, none);
    expect(mails.map((m) => m.kind)).toEqual(['request_received', 'documentation_complete']);
    const complete = mails[1]!.facts as Extract<MailFacts, { kind: 'documentation_complete' }>;
    expect(showRome(complete.dueAtMs)).toBe('Mon 2026-12-07 10:00');
  });

  it('the question goes only when "send by e-mail" was ticked, and its reminders follow after 2 and 4 working days', () => {
    const ready = created('2026-11-30 10:00', '2026-11-30 10:00');
    const claimed = change(ready, { type: 'claim' }, doctor).history;
    const silent = change(claimed, { type: 'request_info', question: 'Latest PSA?' }, doctor);
    expect(mailsOfChange(policy, silent, none)).toEqual([]);
    expect(plannedMailReminders(policy, silent.after, silent.nowMs)).toEqual([]);
    const asked = change(claimed, { type: 'request_info', question: 'Latest PSA?', emailApplicant: true }, doctor, '2026-12-01 10:00');
    expect(mailsOfChange(policy, asked, none).map((m) => [m.kind, (m.facts as { question: string }).question])).toEqual([['information_request', 'Latest PSA?']]);
    const planned = plannedMailReminders(policy, asked.after, asked.nowMs);
    expect(planned.map((p) => showRome(p.sendAtMs))).toEqual(['Thu 2026-12-03 10:00']);
    // Workers down for a week: one reminder goes, the latest (the second), never both.
    const late = plannedMailReminders(policy, asked.after, rome('2026-12-11 10:00'));
    expect(late.map((p) => [(p.facts as { reminder: number }).reminder, showRome(p.sendAtMs)])).toEqual([[2, 'Mon 2026-12-07 10:00']]);
    // Answered: nothing more is planned.
    const answered = change(asked.history, { type: 'info_received', receivedAtMs: null }, doctor, '2026-12-02 10:00');
    expect(plannedMailReminders(policy, answered.after, answered.nowMs)).toEqual([]);
  });

  it('documents still missing: after 5 working days, then every 5, at most 3 times, only in working hours', () => {
    const events = created('2026-11-30 19:30', null);
    const state = foldCase(events);
    const first = plannedMailReminders(policy, state, rome('2026-11-30 19:30'));
    // Five working days end on Mon 7 Dec at closing; 8 and 9 Dec are closed: it goes at the next opening.
    expect(first.map((p) => showRome(p.sendAtMs))).toEqual(['Thu 2026-12-10 09:00']);
    const muchLater = plannedMailReminders(policy, state, rome('2027-02-01 10:00'));
    expect(muchLater.map((p) => (p.facts as { reminder: number }).reminder)).toEqual([3]);
  });

  it('rejection, payment, delivery and cancellation each send their message', () => {
    const base = created('2026-11-30 10:00', '2026-11-30 10:00');
    const rejected = change(base, { type: 'reject_document', item: 'patient_identity_card', reason: 'illegible' });
    expect(mailsOfChange(policy, rejected, none).map((m) => m.facts)).toEqual([{ kind: 'document_rejected', item: 'patient_identity_card', reason: 'illegible' }]);
    const paid = change(base, { type: 'confirm_payment', receivedCents: 50_000, valueDate: '2026-11-30', bankReference: 'CRO1', reason: 'courier not paid' });
    expect(mailsOfChange(policy, paid, none).map((m) => m.facts)).toEqual([
      { kind: 'payment', mismatch: 'underpaid', receivedCents: 50_000, expectedCents: 51_800, valueDate: '2026-11-30' },
    ]);
    const cancelled = change(base, { type: 'cancel', reason: 'the patient died', category: 'withdrawn' });
    expect(mailsOfChange(policy, cancelled, none).map((m) => m.facts)).toEqual([{ kind: 'cancelled', category: 'withdrawn' }]);
    const confirmed = change(base, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-30', bankReference: 'CRO1', reason: null }).history;
    const held = change(confirmed, { type: 'claim' }, doctor).history;
    const delivered = change(held, { type: 'deliver', courierTracking: ' 1Z999AA10123456784 ' }, doctor);
    expect(mailsOfChange(policy, delivered, none).map((m) => m.facts)).toEqual([{ kind: 'opinion_sent', deliveredAtMs: rome('2026-12-01 10:00'), courierTracking: '1Z999AA10123456784' }]);
  });
});

describe('the eight messages', () => {
  const ctx = { reference: 'SO-2026-0012', timeZone: 'Europe/Rome', patientName: 'Maria Rossi', iban: 'IT04J0311111300000000045867', beneficiary: 'CNAO' };
  const samples: MailFacts[] = [
    { kind: 'request_received', received: ['privacy_consent'], missing: ['request_form'], expectedCents: 51_800 },
    { kind: 'documentation_complete', completedAtMs: rome('2026-12-04 16:00'), dueAtMs: rome('2026-12-15 16:00'), corrected: false },
    { kind: 'documents_missing', missing: ['request_form'], createdAtMs: rome('2026-12-04 16:00'), reminder: 1 },
    { kind: 'information_request', question: 'Latest PSA <value>?', askedAtMs: rome('2026-12-04 16:00'), reminder: 0 },
    { kind: 'document_rejected', item: 'patient_identity_card', reason: 'illegible' },
    { kind: 'payment', mismatch: null, receivedCents: 51_800, expectedCents: 51_800, valueDate: '2026-12-03' },
    { kind: 'opinion_sent', deliveredAtMs: rome('2026-12-15 12:00'), courierTracking: '1Z999AA10123456784' },
    { kind: 'cancelled', category: 'payment_missing' },
  ];
  it('covers every kind, in both languages, plain text with an HTML alternative, the reference first in the subject', () => {
    expect(samples.map((s) => s.kind)).toEqual([...MAIL_KINDS]);
    for (const locale of ['en', 'it'] as const) {
      const subjects = new Set<string>();
      for (const facts of samples) {
        const r = renderMail(facts, { ...ctx, locale });
        expect(r.subject).toMatch(/^\[SO-2026-0012\] \S/);
        expect(r.text.length).toBeGreaterThan(80);
        expect(r.html).toMatch(/^<!doctype html>/);
        subjects.add(r.subject);
      }
      expect(subjects.size).toBe(8);
    }
  });

  it('says the due date and time in the calendar\'s zone, and sends the question as written (escaped in HTML)', () => {
    const complete = renderMail(samples[1]!, { ...ctx, locale: 'en' });
    expect(complete.text).toContain('by Tuesday 15 December 2026, 16:00');
    expect(renderMail(samples[1]!, { ...ctx, locale: 'it' }).text).toContain('entro martedì 15 dicembre 2026, ore 16:00');
    const question = renderMail(samples[3]!, { ...ctx, locale: 'en' });
    expect(question.text).toContain('Latest PSA <value>?');
    expect(question.html).toContain('Latest PSA &lt;value&gt;?');
  });

  it('"opinion sent" gives the courier\'s tracking number when one was typed, and no such line without one', () => {
    const withNumber = samples[6]!;
    expect(renderMail(withNumber, { ...ctx, locale: 'en' }).text).toContain("The courier's tracking number is 1Z999AA10123456784.");
    expect(renderMail(withNumber, { ...ctx, locale: 'en' }).html).toContain('<p>The courier&#39;s tracking number is 1Z999AA10123456784.</p>');
    expect(renderMail(withNumber, { ...ctx, locale: 'it' }).text).toContain('Il numero di tracciamento del corriere è 1Z999AA10123456784.');
    const without = renderMail({ kind: 'opinion_sent', deliveredAtMs: rome('2026-12-15 12:00'), courierTracking: null }, { ...ctx, locale: 'en' });
    expect(without.text).toContain('sent on 15 December 2026.');
    expect(without.text).not.toContain('tracking');
  });

  it('"cancelled" says its category in both languages, each its own sentence; without one (or "other") it claims no reason', () => {
    for (const locale of ['en', 'it'] as const) {
      const texts = CANCEL_CATEGORIES.map((category) => renderMail({ kind: 'cancelled', category }, { ...ctx, locale }).text);
      expect(new Set(texts).size).toBe(CANCEL_CATEGORIES.length);
      const none = renderMail({ kind: 'cancelled', category: null }, { ...ctx, locale });
      expect(none.text).toBe(renderMail({ kind: 'cancelled', category: 'other' }, { ...ctx, locale }).text);
      expect(none.text).not.toMatch(/because|perché|withdrawn|ritirata/);
    }
    const unpaid = renderMail({ kind: 'cancelled', category: 'payment_missing' }, { ...ctx, locale: 'en' });
    expect(unpaid.text).toContain('closed because we did not receive the payment');
    expect(unpaid.html).toContain('closed because we did not receive the payment');
    expect(renderMail({ kind: 'cancelled', category: 'payment_missing' }, { ...ctx, locale: 'it' }).text).toContain('chiusa perché non abbiamo ricevuto il pagamento');
  });
});

describe('mail configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };
  it('a bad URL and a MAIL_FROM that is not an address stop the start in the one list, without repeating the password', () => {
    const found = problems({ MAIL_SMTP_URL: 'http://user:hunter2-secret@relay', MAIL_FROM: 'not an address', MAIL_IMAP_URL: 'imap//x', MAIL_KINDS: 'payment,gossip' });
    expect(found.map((p) => p.split(':')[0])).toEqual(['MAIL_SMTP_URL', 'MAIL_FROM', 'MAIL_IMAP_URL', 'MAIL_KINDS']);
    expect(found.join('\n')).not.toContain('hunter2-secret');
    expect(problems({ MAIL_SMTP_URL: 'smtp://relay:25' })).toEqual([expect.stringMatching(/^MAIL_FROM: required/)]);
  });
  it('reads servers, addresses and kinds', () => {
    const c = loadConfig({
      MAIL_SMTP_URL: 'smtps://desk:p%40ss@pec.example.org:465',
      MAIL_FROM: 'CNAO Second Opinion <secondopinion@example.org>',
      MAIL_IMAP_URL: 'imaps://desk:pw@pec.example.org/Posta%20in%20arrivo',
      MAIL_KINDS: 'payment, opinion_sent',
    });
    expect(c.mail.smtp).toMatchObject({ secure: true, host: 'pec.example.org', port: 465, user: 'desk', password: 'p@ss' });
    expect(c.mail.imap).toMatchObject({ secure: true, port: 993, mailbox: 'Posta in arrivo' });
    expect(c.mail.from).toEqual({ name: 'CNAO Second Opinion', address: 'secondopinion@example.org' });
    expect(c.mail.kinds).toEqual(['payment', 'opinion_sent']);
    expect(c.mail.processedFolder).toBe('Processed');
    expect(c.mail.connections).toBe(5);
    expect(loadConfig({}).mail.smtp).toBeNull();
  });
  it('MAIL_SMTP_CONNECTIONS bounds the SMTP connections of each process: 1 to 50', () => {
    expect(loadConfig({ MAIL_SMTP_CONNECTIONS: '12' }).mail.connections).toBe(12);
    expect(problems({ MAIL_SMTP_CONNECTIONS: '0' })).toEqual([expect.stringMatching(/^MAIL_SMTP_CONNECTIONS: /)]);
    expect(problems({ MAIL_SMTP_CONNECTIONS: '500' })).toEqual([expect.stringMatching(/^MAIL_SMTP_CONNECTIONS: /)]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { MailDelivery } from '../../src/mail/delivery.js';
import { createLogger } from '../../src/logger.js';
import { mailOutboxRepository } from '../../src/db/repositories/mail-outbox.js';
import { startTestApp } from '../support/app.js';
import { caseViaApi } from '../support/ready-case.js';
import { waitFor } from '../support/slack-app.js';
import { LocalSmtpServer } from '../support/smtp-server.js';

const smtp = await new LocalSmtpServer({ user: 'desk', password: 's3cret-Pa55' }).start();
afterAll(() => smtp.stop());
const logLines: string[] = [];
const app = await startTestApp({
  now: '2026-11-30 10:00',
  logger: createLogger('debug', { write: (l: string) => void logLines.push(l) }),
  mailTiming: { retryBaseMs: 30, pollIntervalMs: 50 },
  env: { MAIL_SMTP_URL: smtp.url(), MAIL_FROM: 'CNAO Second Opinion <secondopinion@example.org>', MAIL_REPLY_TO: 'replies@example.org' },
});

const mailsOf = (reference: string) =>
  app.db
    .selectFrom('mail_outbox as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .selectAll('m')
    .where('c.reference', '=', reference)
    .orderBy('m.id')
    .execute();
const receivedFor = (to: string) => smtp.received.filter((m) => m.to.includes(to));

describe('e-mail to the applicant through a real SMTP server', () => {
  it('a new case with an address gets "request received": reference in the subject, text and HTML, missing items, amount and the exact transfer reason', async () => {
    const ref = await caseViaApi(app, {
      language: 'en',
      applicant: { type: 'patient', name: 'Maria Rossi', email: 'maria.rossi@example.org' },
      documents: [{ item: 'privacy_consent', receivedAt: '2026-11-30T09:00:00+01:00' }],
    });
    const [mail] = await waitFor(() => receivedFor('maria.rossi@example.org').length === 1 && receivedFor('maria.rossi@example.org'));
    expect(mail!.parsed.subject).toBe(`[${ref}] We have received your request for a second opinion`);
    expect(mail!.parsed.text).toContain('Documents still missing:');
    expect(mail!.parsed.text).toContain('- Signed request form');
    expect(mail!.parsed.text).toContain('Documents received so far:');
    expect(mail!.parsed.text).toContain('€518.00');
    expect(mail!.parsed.text).toContain('Maria Rossi - CNAO Second Opinion');
    expect(mail!.parsed.text).toContain('IT04J0311111300000000045867');
    expect(mail!.parsed.html).toContain('<li>Signed request form</li>');
    expect(mail!.parsed.from?.value).toEqual([{ name: 'CNAO Second Opinion', address: 'secondopinion@example.org' }]);
    expect(mail!.parsed.replyTo?.text).toBe('replies@example.org');
    const [row] = await waitFor(async () => {
      const rows = await mailsOf(ref);
      return rows[0]?.status === 'sent' && rows;
    });
    // The Message-ID the applicant's client sees is the one stored with the case.
    expect(row!.message_id).toBe(mail!.messageId);
    expect(row!.kind).toBe('request_received');
  });

  it('writes in the applicant\'s language (applicant.language), by default the documentation language', async () => {
    await caseViaApi(app, {
      language: 'en',
      applicant: { type: 'patient', name: 'Anna Neri', email: 'anna@example.org', language: 'it' },
      patient: { name: 'Anna Neri', birthDate: '1960-01-01' },
    });
    await caseViaApi(app, { language: 'it', applicant: { type: 'patient', name: 'Carla Blu', email: 'carla@example.org' } });
    const [anna] = await waitFor(() => receivedFor('anna@example.org').length > 0 && receivedFor('anna@example.org'));
    const [carla] = await waitFor(() => receivedFor('carla@example.org').length > 0 && receivedFor('carla@example.org'));
    expect(anna!.parsed.subject).toMatch(/^\[SO-2026-\d{4}\] Abbiamo ricevuto la sua richiesta/);
    expect(anna!.parsed.text).toContain('Causale (da scrivere esattamente così): Anna Neri - CNAO Second Opinion');
    expect(carla!.parsed.text).toContain('Documenti ancora mancanti:');
  });

  it('the patient\'s address stands in when the applicant has none; no address at all, no e-mail', async () => {
    const withPatient = await caseViaApi(app, {
      applicant: { type: 'patient', name: 'Piero Gialli' },
      patient: { name: 'Piero Gialli', birthDate: '1950-02-02', email: 'piero@example.org' },
    });
    const none = await caseViaApi(app, { applicant: { type: 'patient', name: 'Nessuno Indirizzo' } });
    await waitFor(() => receivedFor('piero@example.org').length === 1);
    // The server's 250 comes before the outbox records the e-mail as sent: wait for that record.
    const rows = await waitFor(async () => {
      const mails = await mailsOf(withPatient);
      return mails[0]?.status === 'sent' && mails;
    });
    expect(rows.map((m) => [m.kind, m.status])).toEqual([
      ['request_received', 'sent'],
      // Planned for when intake is stale, in working hours.
      ['documents_missing', 'pending'],
    ]);
    expect(await mailsOf(none)).toEqual([]);
  });

  it('a temporary refusal (451) and a dropped connection are retried with backoff: delivered once', async () => {
    let tries = 0;
    smtp.answer = (to) => (to === 'retry@example.org' ? ([451, 'drop'] as const)[tries++] ?? 250 : 250);
    const ref = await caseViaApi(app, { applicant: { type: 'patient', name: 'Rita Viola', email: 'retry@example.org' } });
    await waitFor(() => receivedFor('retry@example.org').length === 1);
    const [row] = await waitFor(async () => {
      const rows = await mailsOf(ref);
      return rows[0]?.status === 'sent' && rows;
    });
    expect(row!.attempts).toBe(3);
    expect(tries).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(receivedFor('retry@example.org')).toHaveLength(1);
    smtp.answer = () => 250;
  });

  it('a permanent refusal (550) is kept as failed, not retried, and an operator\'s retry sends it', async () => {
    smtp.answer = (to) => (to === 'gone@example.org' ? 550 : 250);
    const ref = await caseViaApi(app, { applicant: { type: 'patient', name: 'Ugo Grigi', email: 'gone@example.org' } });
    const [row] = await waitFor(async () => {
      const rows = await mailsOf(ref);
      return rows[0]?.status === 'failed' && rows;
    });
    expect(row!.last_error).toBe('550');
    expect(row!.attempts).toBe(1);
    smtp.answer = () => 250;
    const requeued = await mailOutboxRepository(app.db).requeueFailed(Date.now(), [row!.id]);
    expect(requeued.map((r) => r.id)).toEqual([row!.id]);
    app.mail!.nudge();
    await waitFor(() => receivedFor('gone@example.org').length === 1);
    const [again] = await waitFor(async () => {
      const rows = await mailsOf(ref);
      return rows[0]?.status === 'sent' && rows;
    });
    expect(again!.message_id).toBe(row!.message_id);
  });

  it('each e-mail goes once however many senders run', async () => {
    const others = [1, 2, 3].map(
      () =>
        new MailDelivery({
          db: app.db,
          clock: app.clock,
          smtp: app.config.mail.smtp!,
          from: app.config.mail.from!,
          replyTo: null,
          logger: createLogger('silent'),
        }),
    );
    const refs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => caseViaApi(app, { applicant: { type: 'patient', name: `Many ${i}`, email: `many${i}@example.org` } })),
    );
    await Promise.all([...others.map((o) => o.drain()), app.mail!.drain(), ...others.map((o) => o.drain())]);
    await waitFor(async () => {
      const rows = await Promise.all(refs.map(mailsOf));
      return rows.every((r) => r[0]?.status === 'sent');
    });
    await Promise.all(others.map((o) => o.stop()));
    for (let i = 0; i < 12; i++) expect(receivedFor(`many${i}@example.org`)).toHaveLength(1);
  });

  it('logs name the case and the kind, never an address, a subject, a name or the password', () => {
    const all = logLines.join('\n');
    expect(all).toContain('mail to the applicant sent');
    for (const secret of ['maria.rossi@example.org', 'gone@example.org', 'Maria Rossi', 'We have received', 's3cret-Pa55', 'Abbiamo ricevuto']) {
      expect(all).not.toContain(secret);
    }
  });

  it('/readyz reports mail as a detail, never as a reason to be unready, and without the password', async () => {
    const res = await fetch(`${app.baseUrl}/readyz`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text).checks.mail).toMatchObject({ status: 'ok', required: false });
    expect(text).not.toContain('s3cret-Pa55');
  });

  it('/metrics counts the mail outbox: pending, failed, sent per kind', async () => {
    const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
    expect(text).toMatch(/opinion_desk_mail_messages\{status="failed"\} 0/);
    expect(text).toMatch(/opinion_desk_mail_sent\{kind="request_received"\} \d+/);
  });
});

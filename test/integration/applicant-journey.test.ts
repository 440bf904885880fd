import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { createLogger } from '../../src/logger.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';
import { BLOCKS } from '../../src/slack/ids.js';
import { PrivateDovecot } from '../support/dovecot.js';
import { caseViaApi } from '../support/ready-case.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { input } from '../support/slack-requests.js';
import { LocalSmtpServer } from '../support/smtp-server.js';
import { rome } from '../support/time.js';

/**
 * SPEC section 10 from end to end, as the applicant and the staff live it, once per language: the
 * web form creates the case, the coordinator completes the documents and confirms the payment in
 * Slack, the doctor asks a question that goes out by e-mail, the applicant's reply (read from a
 * real IMAP server) shows in the case's thread with Information received, and the opinion is
 * delivered. Every e-mail the applicant should get arrives once, through a real SMTP server, in
 * their language; Slack learns that they went, never what they said.
 */

const dovecot = await PrivateDovecot.start();
const smtp = await new LocalSmtpServer().start();
afterAll(() => smtp.stop());

const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const QUESTION = 'Please send the PSA values of October (Giulia Verdi).';

const WORDS = {
  en: {
    subjects: [
      'We have received your request for a second opinion',
      'Your documentation is complete',
      'Payment received',
      'The board of specialists needs more information',
      'Your second opinion has been sent',
    ],
    replied: 'The applicant replied: 1 attachment (PDF 1, 300 kB).',
    sentLine: 'E-mail to the applicant: request for information.',
    dueBy: 'by Monday 7 December 2026, 10:00',
    tracking: "The courier's tracking number is TRK123456IT.",
  },
  it: {
    subjects: [
      'Abbiamo ricevuto la sua richiesta di seconda opinione',
      'La sua documentazione è completa',
      'Pagamento ricevuto',
      'Il collegio di specialisti ha bisogno di altre informazioni',
      'La sua seconda opinione è stata inviata',
    ],
    replied: 'Il richiedente ha risposto: 1 allegato (PDF 1, 300 kB).',
    sentLine: 'E-mail al richiedente: richiesta di informazioni.',
    dueBy: 'entro lunedì 7 dicembre 2026, ore 10:00',
    tracking: 'Il numero di tracciamento del corriere è TRK123456IT.',
  },
} as const;

for (const locale of ['en', 'it'] as const) {
  const address = `giulia.verdi.${locale}@example.org`;
  const logLines: string[] = [];
  const app = await startSlackTestApp({
    now: '2026-11-30 09:30',
    logger: createLogger('debug', { write: (l: string) => void logLines.push(l) }),
    mailTiming: { retryBaseMs: 30, pollIntervalMs: 50, reconnectBaseMs: 100 },
    env: {
      LOCALE: locale,
      MAIL_SMTP_URL: smtp.url(),
      MAIL_FROM: 'CNAO Second Opinion <secondopinion@example.org>',
      MAIL_IMAP_URL: dovecot.url(),
    },
  });
  const slack = app.user;
  const words = WORDS[locale];
  const mailsTo = () => smtp.received.filter((m) => m.to.includes(address));
  const threadTexts = () => app.standIn.callsOf('chat.postMessage').filter((c) => c.body.thread_ts).map((c) => ({ text: String(c.body.text), blocks: JSON.stringify(c.body.blocks ?? []) }));

  beforeAll(async () => {
    await app.grant(COORD, 'coordinator');
    await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
  });

  describe(`the applicant in the loop, from the web form to the delivered opinion (${locale})`, () => {
    it('every e-mail goes once, in the applicant\'s language, and the reply to the question is seen in Slack', async () => {
      // The web form: everything but the countersigned consent, in the applicant's language.
      const all = requiredItems('patient', false);
      const ref = await caseViaApi(app, {
        language: locale,
        applicant: { type: 'patient', name: 'Giulia Verdi', email: address, language: locale },
        patient: { name: 'Giulia Verdi', birthDate: '1961-04-02' },
        documents: all.filter((i) => i !== 'privacy_consent').map((item) => ({ item, receivedAt: '2026-11-30T09:00:00+01:00' })),
      });
      await waitFor(() => mailsTo().length === 1);

      // The coordinator records the consent in the Documents modal: the documentation is complete.
      app.clock.set(rome('2026-11-30 10:00'));
      await (await slack.click(COORD, buttonOf('record_documents'), ref)).answer;
      const documents = await slack.submit(
        COORD,
        formOf('record_documents'),
        { [BLOCKS.receivedItems]: input.checks('privacy_consent'), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 10:00')) },
        { reference: ref },
      );
      expect(documents.json).toBeNull();
      await waitFor(() => mailsTo().length === 2);

      // The payment, confirmed in its modal.
      const expected = (await app.cases.get(ref)).state.expectedCents;
      const paid = await slack.submit(
        COORD,
        formOf('confirm_payment'),
        { [BLOCKS.amount]: input.text((expected / 100).toFixed(2)), [BLOCKS.valueDate]: input.date('2026-11-30'), [BLOCKS.bankReference]: input.text('CRO 7') },
        { reference: ref },
      );
      expect(paid.json).toBeNull();
      await waitFor(() => mailsTo().length === 3);

      // The doctor claims and asks; the question goes to the applicant as written.
      await (await slack.click(DOC, buttonOf('claim'), ref)).answer;
      await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
      const asked = await slack.submit(
        DOC,
        formOf('request_info'),
        { [BLOCKS.question]: input.text(QUESTION), [BLOCKS.emailApplicant]: input.checks('yes') },
        { reference: ref },
      );
      expect(asked.json).toBeNull();
      const question = await waitFor(() => mailsTo().find((m) => m.parsed.text?.includes(QUESTION)));
      await app.settle();
      await waitFor(() => threadTexts().some((t) => t.text === words.sentLine));

      // The applicant answers from their mail client; the reply lands in the case's thread.
      await dovecot.deliver([
        [
          `From: Giulia Verdi <${address}>`,
          'To: secondopinion@example.org',
          `Subject: Re: ${question.parsed.subject}`,
          `Message-ID: <journey-${locale}-${Date.now()}@patient.example>`,
          `In-Reply-To: ${question.parsed.messageId}`,
          `References: ${question.parsed.messageId}`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Here they are, Giulia Verdi.',
          '--b1',
          'Content-Type: application/pdf; name="psa.pdf"',
          'Content-Disposition: attachment; filename="psa.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.alloc(300_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n'),
          '--b1--',
          '',
        ].join('\r\n'),
      ]);
      const reply = await waitFor(async () => {
        await app.settle();
        return threadTexts().find((t) => t.text === words.replied);
      });
      expect(reply.blocks).toContain(buttonOf('info_received'));

      // Information received from that button, then the opinion goes by courier.
      app.clock.set(rome('2026-12-01 11:00'));
      await (await slack.click(DOC, buttonOf('info_received'), ref)).answer;
      expect((await slack.submit(DOC, formOf('info_received'), { [BLOCKS.receivedAt]: input.dateTime(rome('2026-12-01 11:00')) }, { reference: ref })).json).toBeNull();
      expect((await app.cases.get(ref)).state.status).toBe('in_review');
      app.clock.set(rome('2026-12-02 15:00'));
      const delivered = await slack.submit(
        DOC,
        formOf('deliver'),
        { [BLOCKS.deliveredAt]: input.dateTime(rome('2026-12-02 15:00')), [BLOCKS.courierTracking]: input.text('TRK123456IT') },
        { reference: ref },
      );
      expect(delivered.json).toBeNull();
      await waitFor(() => mailsTo().length === 5);
      await app.settle();

      // Five e-mails, once each, in order, in the applicant's language, the reference in brackets first.
      expect(mailsTo().map((m) => m.parsed.subject)).toEqual(words.subjects.map((s) => `[${ref}] ${s}`));
      const [received, complete, , , opinion] = mailsTo();
      expect(received!.parsed.text).toContain('Giulia Verdi - CNAO Second Opinion');
      expect(complete!.parsed.text).toContain(words.dueBy);
      // The tracking number typed in the Deliver modal, in the text and in the HTML.
      expect(opinion!.parsed.text).toContain(words.tracking);
      expect(opinion!.parsed.html).toContain(words.tracking.replace("'", '&#39;'));
      for (const m of mailsTo()) expect(m.parsed.html, m.parsed.subject).toBeTruthy();
      const outbox = await app.db
        .selectFrom('mail_outbox as m')
        .innerJoin('cases as c', 'c.id', 'm.case_id')
        .select(['m.kind', 'm.status', 'm.message_id'])
        .where('c.reference', '=', ref)
        .orderBy('m.id')
        .execute();
      // The reminders planned on the way (documents missing, the question unanswered) were withdrawn, unsent, when their cause went.
      expect(outbox.filter((r) => r.status === 'cancelled').map((r) => r.kind)).toEqual(['documents_missing', 'information_request']);
      expect(outbox.filter((r) => r.status !== 'cancelled').map((r) => [r.kind, r.status])).toEqual([
        ['request_received', 'sent'],
        ['documentation_complete', 'sent'],
        ['payment', 'sent'],
        ['information_request', 'sent'],
        ['opinion_sent', 'sent'],
      ]);
      expect(outbox.filter((r) => r.status === 'sent').every((r) => r.message_id !== null)).toBe(true);

      // Slack knew that each went and that she replied; never her address, the question or her words.
      // (The question is shown privately to whoever resolves it, in the Information received modal: only messages are scanned.)
      const slackSaw = app.standIn.calls.filter((c) => c.method.startsWith('chat.')).map((c) => JSON.stringify(c.body)).join('\n');
      for (const secret of [address, QUESTION, 'Here they are', 'Giulia', 'psa.pdf']) expect(slackSaw, secret).not.toContain(secret);
      expect(logLines.join('\n')).not.toContain(address);
    });
  });
}

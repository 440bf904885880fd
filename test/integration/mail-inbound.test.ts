import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { createLogger } from '../../src/logger.js';
import { MailInbound } from '../../src/mail/inbound.js';
import { PrivateDovecot } from '../support/dovecot.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { caseViaApi } from '../support/ready-case.js';
import { LocalSmtpServer } from '../support/smtp-server.js';

// One Dovecot and one SMTP server for the whole file (each start costs about a second).
const dovecot = await PrivateDovecot.start();
const smtp = await new LocalSmtpServer().start();
afterAll(() => smtp.stop());
const logLines: string[] = [];
const app = await startSlackTestApp({
  now: '2026-11-30 10:00',
  logger: createLogger('debug', { write: (l: string) => void logLines.push(l) }),
  mailTiming: { retryBaseMs: 30, pollIntervalMs: 50, reconnectBaseMs: 100 },
  env: { MAIL_SMTP_URL: smtp.url(), MAIL_FROM: 'CNAO Second Opinion <secondopinion@example.org>', MAIL_IMAP_URL: dovecot.url() },
});
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
});

let n = 0;
/** A message as a mail client writes it; `parts` become attachments. */
function message(o: { from?: string; subject: string; inReplyTo?: string; messageId?: string; parts?: { type: string; name: string; bytes: number }[]; headers?: string[] }): string {
  const id = o.messageId ?? `<reply-${++n}-${Date.now()}@patient.example>`;
  const boundary = `b${n}x`;
  const head = [
    `From: ${o.from ?? 'Giulia Verdi <giulia.verdi@example.org>'}`,
    'To: secondopinion@example.org',
    `Subject: ${o.subject}`,
    `Message-ID: ${id}`,
    'Date: Mon, 30 Nov 2026 11:00:00 +0100',
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const parts = [
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHere are the PSA values of Giulia Verdi.\r\n`,
    ...(o.parts ?? []).map(
      (p) =>
        `--${boundary}\r\nContent-Type: ${p.type}; name="${p.name}"\r\nContent-Disposition: attachment; filename="${p.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(p.bytes, 7).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`,
    ),
  ];
  return `${head.join('\r\n')}\r\n\r\n${parts.join('')}--${boundary}--\r\n`;
}

/** A PEC envelope around `inner`, as the certified-mail provider delivers it. */
function pecEnvelope(inner: string): string {
  const b = `pec${++n}`;
  return [
    'From: "Per conto di: giulia.verdi@pec.example" <posta-certificata@pec.provider.example>',
    'To: secondopinion@example.org',
    'Subject: POSTA CERTIFICATA: reply',
    `Message-ID: <opec-${n}@pec.provider.example>`,
    'X-Trasporto: posta-certificata',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain',
    '',
    'Messaggio di posta certificata',
    `--${b}`,
    'Content-Type: application/xml; name="daticert.xml"',
    'Content-Disposition: attachment; filename="daticert.xml"',
    '',
    '<postacert tipo="posta-certificata"/>',
    `--${b}`,
    'Content-Type: message/rfc822; name="postacert.eml"',
    'Content-Disposition: attachment; filename="postacert.eml"',
    '',
    inner,
    `--${b}--`,
    '',
  ].join('\r\n');
}

const inboundOf = (reference: string) =>
  app.db.selectFrom('mail_inbound as i').innerJoin('cases as c', 'c.id', 'i.case_id').selectAll('i').where('c.reference', '=', reference).execute();
const threadTexts = () => app.standIn.callsOf('chat.postMessage').filter((c) => c.body.thread_ts).map((c) => ({ text: String(c.body.text), blocks: JSON.stringify(c.body.blocks ?? []) }));
const sentTo = async (reference: string, kind: string) =>
  app.db.selectFrom('mail_outbox as m').innerJoin('cases as c', 'c.id', 'm.case_id').selectAll('m').where('c.reference', '=', reference).where('m.kind', '=', kind).executeTakeFirstOrThrow();

describe('replies from applicants, read from a real IMAP server (Dovecot)', () => {
  it('a reply to our e-mail is matched by In-Reply-To: thread line with its attachments by type and size, the fitting button, moved to Processed', async () => {
    const ref = await caseViaApi(app, {
      language: 'en',
      applicant: { type: 'patient', name: 'Giulia Verdi', email: 'giulia.verdi@example.org' },
      documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-30T09:00:00+01:00' })),
    });
    await app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(DOC));
    await app.cases.execute(ref, { type: 'request_info', question: 'PSA?', emailApplicant: true }, await app.staff.actor(DOC));
    const asked = await waitFor(async () => {
      const row = await sentTo(ref, 'information_request');
      return row.status === 'sent' && row;
    });
    await dovecot.deliver([
      message({
        subject: 'Re: the board needs more information',
        inReplyTo: asked.message_id,
        parts: [
          { type: 'application/pdf', name: 'psa.pdf', bytes: 2_000_000 },
          { type: 'application/pdf', name: 'ct.pdf', bytes: 1_500_000 },
          { type: 'image/jpeg', name: 'scan.jpg', bytes: 600_000 },
        ],
      }),
    ]);
    const [row] = await waitFor(async () => {
      const rows = await inboundOf(ref);
      return rows.length > 0 && rows;
    });
    expect(row).toMatchObject({ kind: 'reply', matched_by: 'in_reply_to', from_address: 'giulia.verdi@example.org', handled_at: null });
    expect(row!.attachments.map((a) => a.type)).toEqual(['application/pdf', 'application/pdf', 'image/jpeg']);
    await app.settle();
    const line = await waitFor(() => threadTexts().find((t) => t.text.startsWith('The applicant replied')));
    expect(line.text).toBe('The applicant replied: 3 attachments (PDF 2, JPEG 1, 4.1 MB).');
    expect(line.blocks).toContain('case_info_received');
    await waitFor(async () => (await dovecot.count('Processed')) === 1);
    expect(await dovecot.count('INBOX')).toBe(0);
  });

  it('a reference in the subject matches too; a message naming no case goes to the coordinators as "e-mail without a case"', async () => {
    const ref = await caseViaApi(app, { applicant: { type: 'patient', name: 'Anna Neri', email: 'anna@example.org' } });
    await dovecot.deliver([
      message({ from: 'anna@example.org', subject: `Documents for ${ref}`, parts: [{ type: 'image/png', name: 'id.png', bytes: 1200 }] }),
      message({ from: 'stranger@example.org', subject: 'Hello, I would like a second opinion' }),
    ]);
    const [matched] = await waitFor(async () => {
      const rows = await inboundOf(ref);
      return rows.length > 0 && rows;
    });
    expect(matched!.matched_by).toBe('subject');
    const unmatched = await waitFor(() => app.db.selectFrom('mail_inbound').selectAll().where('kind', '=', 'unmatched').executeTakeFirst());
    expect(unmatched.case_id).toBeNull();
    await app.settle();
    const dms = app.standIn.callsOf('chat.postMessage').map((c) => String(c.body.text));
    expect(dms.some((t) => t.startsWith('An e-mail without a case arrived'))).toBe(true);
    // Intake: the reply offers Documents.
    expect(threadTexts().find((t) => t.text === 'The applicant replied: 1 attachment (PNG 1, 1 kB).')?.blocks).toContain('case_documents');
  });

  it('a PEC envelope is opened (postacert.eml is matched); a PEC delivery receipt confirms our e-mail and is no reply', async () => {
    const ref = await caseViaApi(app, { applicant: { type: 'patient', name: 'Piero Pec', email: 'piero@pec.example' } });
    const received = await waitFor(async () => {
      const row = await sentTo(ref, 'request_received');
      return row.status === 'sent' && row;
    });
    await dovecot.deliver([
      pecEnvelope(message({ from: 'piero@pec.example', subject: 'Re: request', inReplyTo: received.message_id, parts: [{ type: 'application/pdf', name: 'a.pdf', bytes: 10_000 }] })),
      [
        'From: posta-certificata@pec.provider.example',
        'To: secondopinion@example.org',
        'Subject: CONSEGNA: request',
        `Message-ID: <receipt-${Date.now()}@pec.provider.example>`,
        'X-Ricevuta: avvenuta-consegna',
        `X-Riferimento-Message-ID: ${received.message_id}`,
        '',
        'Ricevuta di avvenuta consegna',
        '',
      ].join('\r\n'),
    ]);
    await waitFor(async () => (await sentTo(ref, 'request_received')).delivery_confirmed_at !== null);
    const rows = await waitFor(async () => {
      const r = await inboundOf(ref);
      return r.length === 2 && r;
    });
    expect(rows.map((r) => [r.kind, r.pec]).sort()).toEqual([['pec_receipt', true], ['reply', true]]);
    expect(rows.find((r) => r.kind === 'reply')!.from_address).toBe('piero@pec.example');
  });

  it('a message that cannot be read is logged by its UID and left in the inbox; the next ones are handled', async () => {
    const before = await dovecot.count('Processed');
    await dovecot.deliver(['this is not an e-mail at all\r\n', message({ from: 'late@example.org', subject: 'nothing to do with a case' })]);
    await waitFor(async () => (await dovecot.count('Processed')) === before + 1);
    expect(await dovecot.count('INBOX')).toBe(1);
    expect(logLines.some((l) => l.includes('inbound e-mail cannot be parsed') && /"uid":\d+/.test(l))).toBe(true);
  });

  it('each message is handled once: the same message again, and a second watcher on the mailbox, add nothing', async () => {
    const second = new MailInbound({ db: app.db, clock: app.clock, imap: app.config.mail.imap!, processedFolder: 'Processed', logger: createLogger('silent'), reconnectBaseMs: 100 });
    second.start();
    const twice = message({ from: 'twice@example.org', subject: 'sent twice', messageId: '<same-message@example.org>' });
    await dovecot.deliver([twice, twice]);
    await waitFor(async () => (await dovecot.count('INBOX')) === 1);
    await second.stop();
    const rows = await app.db.selectFrom('mail_inbound').selectAll().where('message_id', '=', '<same-message@example.org>').execute();
    expect(rows).toHaveLength(1);
  });

  it('survives the IMAP server restarting: reconnects with backoff and reads what arrived meanwhile', async () => {
    await waitFor(() => app.inbound!.status().status === 'ok');
    await dovecot.restart(300);
    await dovecot.deliver([message({ from: 'after@example.org', subject: 'after the restart', messageId: '<after-restart@example.org>' })]);
    await waitFor(async () => (await app.db.selectFrom('mail_inbound').select('id').where('message_id', '=', '<after-restart@example.org>').executeTakeFirst()) !== undefined, 20_000);
    expect(logLines.some((l) => l.includes('imap connection lost: reconnecting'))).toBe(true);
  });

  it('stores no subject or body, and no Slack message or log line names the sender or repeats the subject', async () => {
    await app.settle();
    const columns = Object.keys((await app.db.selectFrom('mail_inbound').selectAll().executeTakeFirstOrThrow()) as object);
    expect(columns).not.toContain('subject');
    const messagesOnly = app.standIn.calls.filter((c) => !c.method.startsWith('views.')).map((c) => JSON.stringify(c.body)).join('\n');
    const logs = logLines.join('\n');
    for (const secret of ['giulia.verdi@example.org', 'stranger@example.org', 'Giulia Verdi', 'the board needs more information', 'PSA values', 'would like a second opinion']) {
      expect(messagesOnly).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(dovecot.password);
  });
});

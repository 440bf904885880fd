import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { MailDelivery } from '../../src/mail/delivery.js';
import { startTestApp } from '../support/app.js';
import { builtEntry, spawnTracked, type Spawned } from '../support/processes.js';
import { caseViaApi } from '../support/ready-case.js';
import { waitFor } from '../support/slack-app.js';
import { LocalSmtpServer } from '../support/smtp-server.js';

/**
 * The senders of e-mails to applicants as processes and as peers (SPEC section 10, "Killing a process
 * mid-send sends that e-mail at most once more"). The app's own sender is stopped: the senders here
 * are the only ones.
 */
const smtp = await new LocalSmtpServer().start();
afterAll(() => smtp.stop());
const FROM = 'CNAO Second Opinion <secondopinion@example.org>';
const app = await startTestApp({ env: { MAIL_SMTP_URL: smtp.url(), MAIL_FROM: FROM, MAIL_KINDS: 'request_received' } });
await app.mail!.stop();

const mailOf = (reference: string) =>
  app.db
    .selectFrom('mail_outbox as m')
    .innerJoin('cases as c', 'c.id', 'm.case_id')
    .selectAll('m')
    .where('c.reference', '=', reference)
    .executeTakeFirstOrThrow();
const copiesTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));

/** Holds the answer to every end of DATA until released; answers when the first message has fully arrived. */
function holdAnswers(): { arrived: Promise<void>; release: () => void } {
  let release!: () => void;
  smtp.hold = new Promise<void>((r) => (release = r));
  const arrived = new Promise<void>((r) => (smtp.onData = () => r()));
  return {
    arrived,
    release: () => {
      smtp.hold = null;
      smtp.onData = null;
      release();
    },
  };
}

/** One sender process (the app's MailDelivery alone), with a short lease so that the next one need not wait long. */
function senderProcess(): Spawned {
  return spawnTracked(process.execPath, [builtEntry('mail-sender')], {
    env: {
      ...process.env,
      DATABASE_URL: app.config.databaseUrl,
      MAIL_SMTP_URL: smtp.url(),
      MAIL_FROM: FROM,
      MAIL_SMTP_CONNECTIONS: '1',
      SENDER_LEASE_MS: '4000',
      SENDER_POLL_MS: '50',
      SENDER_RETRY_BASE_MS: '30',
    },
  });
}

describe('a sender killed mid-send', () => {
  it('SIGKILL while the server holds the answer to DATA: the next sender sends it once more, with the same Message-ID, and it ends as sent', async () => {
    const held = holdAnswers();
    const ref = await caseViaApi(app, { applicant: { type: 'patient', name: 'Kill Once', email: 'killed@example.org' } });
    const first = senderProcess();
    await held.arrived;
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    // The relay had the whole message when the sender died: it may deliver it, and answers a socket that is gone.
    held.release();
    expect((await mailOf(ref)).status).toBe('pending');

    const second = senderProcess();
    const row = await waitFor(async () => {
      const m = await mailOf(ref);
      return m.status === 'sent' && m;
    });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const copies = copiesTo('killed@example.org');
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(copies.length).toBeLessThanOrEqual(2);
    expect(new Set(copies.map((c) => c.messageId))).toEqual(new Set([row.message_id]));
    expect(row.message_id).toMatch(/^<.+@.+>$/);
    for (const p of [first, second]) expect(p.child.exitCode !== null || p.child.signalCode !== null).toBe(true);
  });
});

describe('senders side by side', () => {
  const sender = (connections: number) =>
    new MailDelivery({ db: app.db, clock: app.clock, smtp: app.config.mail.smtp!, from: app.config.mail.from!, replyTo: null, logger: createLogger('silent'), connections });

  it('a sender with 2 connections has 2 e-mails on the server and 2 leased ahead; stopped then, it gives those back at once, and another sends them, each once', async () => {
    const held = holdAnswers();
    let arrived = 0;
    smtp.onData = () => void arrived++;
    const refs = await Promise.all(Array.from({ length: 7 }, (_, i) => caseViaApi(app, { applicant: { type: 'patient', name: `Side ${i}`, email: `side${i}@example.org` } })));
    const a = sender(2);
    const draining = a.drain();
    await waitFor(async () => {
      const rows = await Promise.all(refs.map(mailOf));
      // Two on the server, two more leased ahead.
      return arrived >= 2 && rows.filter((r) => r.claimed_by !== null).length === 4;
    });
    const stopping = a.stop();
    held.release();
    await Promise.all([draining, stopping]);
    // It sent the two its connections held, and started no other.
    const afterStop = await Promise.all(refs.map(mailOf));
    expect(afterStop.filter((r) => r.status === 'sent')).toHaveLength(2);
    expect(afterStop.filter((r) => r.claimed_by !== null)).toEqual([]);

    const b = sender(3);
    await b.drain();
    await b.stop();
    const rows = await Promise.all(refs.map(mailOf));
    expect(rows.map((r) => r.status)).toEqual(refs.map(() => 'sent'));
    for (let i = 0; i < refs.length; i++) expect(copiesTo(`side${i}@example.org`)).toHaveLength(1);
  });
});

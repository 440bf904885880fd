/**
 * Mail to and from applicants (SPEC section 10), with real servers on loopback:
 * 1. 1,000 e-mails due at once, sent by two senders (two processes' worth) through an SMTP server
 *    (the `smtp-server` package) that answers each message in ~50 ms and refuses 1 in 20 for now
 *    (451): all delivered once, none lost, none twice; the time against the least the server allows.
 * 2. 500 replies appended to a private Dovecot mailbox at once: all matched to their case, once each;
 *    the time per message.
 *   npm run bench -- mail
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import { systemClock } from '../src/clock.js';
import { createDb } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { mailOutboxRepository, type NewMail } from '../src/db/repositories/mail-outbox.js';
import { createLogger } from '../src/logger.js';
import { MailDelivery } from '../src/mail/delivery.js';
import { MailInbound } from '../src/mail/inbound.js';
import { dovecotConfig, mailUser } from '../test/support/dovecot-config.js';
import { answers, freePort } from '../test/support/ports.js';
import { benchDatabaseUrl, fmt, removeBenchStores } from './support.js';

const MAILS = 1_000;
const REPLIES = 500;
const ANSWER_MS = 50;
const CONNECTIONS_PER_SENDER = 5;
const SENDERS = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('not done in time');
    await sleep(20);
  }
}

const { url, database, adminUrl } = benchDatabaseUrl();
await migrateToLatest(url);
const db = createDb(url, 10);
const logger = createLogger('silent');
const dir = mkdtempSync(join(tmpdir(), 'od-bench-mail-'));
let dovecot: ReturnType<typeof spawn> | null = null;

try {
  // One case holds every e-mail (occurrences 1…N): the sender's work does not depend on how many cases.
  const { id: caseId } = await db
    .insertInto('cases')
    .values({
      reference: 'SO-2026-0001', year: 2026, seq: 1, external_id: null, status: 'intake', applicant_type: 'patient', pathology_area: 'eye', language: 'en',
      image_review: false, delivery_channel: 'email', expected_cents: 51_800, assignee: null, payment_state: 'pending', docs_completed_at: null,
      sla_state: 'not_started', sla_due_at: null, sla_breached: false, created_at: new Date(), updated_at: new Date(), paused_since: null, closed_at: null, personal_data_erased_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // --- 1. Outbound ------------------------------------------------------------------------------
  const accepted = new Map<string, number>();
  const firstSeen = new Set<string>();
  let refused = 0;
  let seen = 0;
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    maxClients: 100,
    onData(stream, _session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('latin1')));
      stream.on('end', () => {
        const id = /^Message-ID: (.+)$/im.exec(raw)?.[1]?.trim() ?? '';
        setTimeout(() => {
          // 1 in 20 messages is refused for now the first time it comes.
          if (!firstSeen.has(id)) {
            firstSeen.add(id);
            if (seen++ % 20 === 19) {
              refused++;
              return cb(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
            }
          }
          accepted.set(id, (accepted.get(id) ?? 0) + 1);
          cb();
        }, ANSWER_MS);
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const server = { url: `smtp://127.0.0.1:${smtpPort}`, secure: false, host: '127.0.0.1', port: smtpPort, user: null, password: null };

  const mails: NewMail[] = Array.from({ length: MAILS }, (_, i) => ({
    caseId, kind: 'request_received', occurrence: i + 1, series: null, toAddress: `applicant${i}@example.org`, language: 'en',
    subject: `[SO-2026-0001] Bench ${i}`, text: 'Dear applicant,\n\nA bench message.\n', html: '<p>A bench message.</p>', facts: {},
    messageId: `<bench-${i}@example.org>`, dueAtMs: Date.now(),
  }));
  await mailOutboxRepository(db).enqueue(mails, Date.now());
  const senders = Array.from({ length: SENDERS }, () => new MailDelivery({ db, clock: systemClock, smtp: server, from: { name: 'Bench', address: 'bench@example.org' }, replyTo: null, logger, connections: CONNECTIONS_PER_SENDER, pollIntervalMs: 100 }));
  const started = performance.now();
  for (const s of senders) s.start();
  await until(async () => {
    const c = await mailOutboxRepository(db).counts();
    return (c.byStatus.sent ?? 0) + (c.byStatus.failed ?? 0) === MAILS;
  }, 180_000);
  const elapsed = performance.now() - started;
  await Promise.all(senders.map((s) => s.stop()));
  await new Promise<void>((r) => smtp.close(() => r()));
  const counts = await mailOutboxRepository(db).counts();
  const lost = MAILS - [...accepted.keys()].length;
  const duplicated = [...accepted.values()].filter((n) => n > 1).length;
  const least = ((MAILS + refused) * ANSWER_MS) / (SENDERS * CONNECTIONS_PER_SENDER);
  console.log(`outbound: ${MAILS} e-mails due at once, ${SENDERS} senders × ${CONNECTIONS_PER_SENDER} SMTP connections, server answers in ${ANSWER_MS} ms, ${refused} refused once (451)`);
  console.log(`  delivered ${accepted.size}, lost ${lost}, duplicated ${duplicated}; outbox: sent ${counts.byStatus.sent ?? 0}, failed ${counts.byStatus.failed ?? 0}`);
  console.log(`  time ${fmt(elapsed / 1000, 2)} s; the least the server allows ${fmt(least / 1000, 2)} s (${MAILS + refused} answers × ${ANSWER_MS} ms / ${SENDERS * CONNECTIONS_PER_SENDER} connections); the retries wait ~2 s of backoff`);

  // --- 2. Inbound -------------------------------------------------------------------------------
  const port = await freePort();
  const mail = join(dir, 'mail');
  mkdirSync(mail, { recursive: true });
  chmodSync(dir, 0o777);
  chmodSync(mail, 0o777);
  writeFileSync(join(dir, 'passwd'), 'desk:{PLAIN}bench-pass\n');
  writeFileSync(join(dir, 'dovecot.conf'), dovecotConfig({ dir, mail, port, user: mailUser() }));
  dovecot = spawn('/usr/sbin/dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { cwd: dir, stdio: 'ignore' });
  await until(() => answers(port), 10_000);
  const imap = { url: '', secure: false, host: '127.0.0.1', port, user: 'desk', password: 'bench-pass', mailbox: 'INBOX' };
  const inbound = new MailInbound({ db, clock: systemClock, imap, processedFolder: 'Processed', logger });
  inbound.start();
  await until(async () => inbound.status().status === 'ok', 10_000);
  const raw = (i: number) =>
    [`From: applicant${i}@example.org`, 'To: secondopinion@example.org', `Subject: Re: [SO-2026-0001] Bench ${i}`, `Message-ID: <reply-${i}@example.org>`,
      `In-Reply-To: <bench-${i}@example.org>`, 'Date: Mon, 30 Nov 2026 11:00:00 +0100', '', 'Here it is.', ''].join('\r\n');
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: 'desk', pass: 'bench-pass' }, logger: false });
  await client.connect();
  const t0 = performance.now();
  for (let i = 0; i < REPLIES; i++) await client.append('INBOX', raw(i));
  const appended = performance.now() - t0;
  await until(async () => {
    const row = await db.selectFrom('mail_inbound').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n) >= REPLIES;
  }, 300_000);
  const handled = performance.now() - t0;
  await sleep(500);
  const rows = await db.selectFrom('mail_inbound').select(['kind', 'case_id', 'message_id']).execute();
  const matched = rows.filter((r) => r.kind === 'reply' && r.case_id === caseId).length;
  const distinct = new Set(rows.map((r) => r.message_id)).size;
  const processed = (await client.status('Processed', { messages: true })) || { messages: 0 };
  await client.logout();
  await inbound.stop();
  console.log(`inbound: ${REPLIES} replies appended at once (appending took ${fmt(appended / 1000, 2)} s)`);
  console.log(`  recorded ${rows.length} (${distinct} distinct), matched ${matched}, moved to Processed ${processed.messages ?? 0}`);
  console.log(`  all handled ${fmt(handled / 1000, 2)} s after the first append: ${fmt(handled / REPLIES, 1)} ms per message`);
} finally {
  dovecot?.kill('SIGTERM');
  await db.destroy();
  await removeBenchStores({ adminUrl, database });
  await sleep(300);
  rmSync(dir, { recursive: true, force: true });
}

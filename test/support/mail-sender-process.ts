/**
 * One mail sender (`MailDelivery`, what every role of the app runs with `MAIL_SMTP_URL`) as a process
 * of its own, so a test can kill it with SIGKILL mid-send and the bench can run several side by side
 * as several workers would. Built with the other entry points by the global setup (`mail-sender`);
 * the bench runs it through tsx.
 *
 *   DATABASE_URL, MAIL_SMTP_URL, MAIL_FROM,         as for the app
 *   MAIL_SMTP_CONNECTIONS
 *   SENDER_LEASE_MS, SENDER_RETRY_BASE_MS,          the sender's own timing (the app's defaults when
 *   SENDER_POLL_MS                                  unset): a test shortens the lease it must outwait
 *
 * Prints "ready" once it is sending; SIGTERM stops it (mails in flight finish), then it exits.
 */
import { z } from 'zod';
import { systemClock } from '../../src/clock.js';
import { createDb } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { mailConfigOf, mailEnvSchema, mailProblems } from '../../src/mail/config.js';
import { configEn } from '../../src/i18n/config-en.js';
import { MailDelivery } from '../../src/mail/delivery.js';

const count = z.coerce.number().int().positive().optional();
const env = z
  .object({
    ...mailEnvSchema,
    DATABASE_URL: z.string().min(1),
    SENDER_LEASE_MS: count,
    SENDER_RETRY_BASE_MS: count,
    SENDER_POLL_MS: count,
  })
  .parse(process.env);
const problems = mailProblems(env);
const mail = mailConfigOf(env);
if (problems.length > 0 || !mail.smtp || !mail.from) {
  process.stderr.write(`mail sender: ${problems.map((p) => configEn.problem(p)).join('; ') || 'MAIL_SMTP_URL and MAIL_FROM are required'}\n`);
  process.exit(2);
}

const db = createDb(env.DATABASE_URL, 4);
const sender = new MailDelivery({
  db,
  clock: systemClock,
  smtp: mail.smtp,
  from: mail.from,
  replyTo: mail.replyTo,
  logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
  connections: mail.connections,
  ...(env.SENDER_LEASE_MS ? { leaseMs: env.SENDER_LEASE_MS } : {}),
  ...(env.SENDER_RETRY_BASE_MS ? { retryBaseMs: env.SENDER_RETRY_BASE_MS } : {}),
  ...(env.SENDER_POLL_MS ? { pollIntervalMs: env.SENDER_POLL_MS } : {}),
});
sender.start();
// The sender's own timers do not hold a process open (the app's server and worker do): this one must.
const alive = setInterval(() => undefined, 60_000);
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  clearInterval(alive);
  void sender
    .stop()
    .then(() => db.destroy())
    .finally(() => process.exit(0));
});

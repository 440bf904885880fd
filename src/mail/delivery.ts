import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { mailOutboxRepository, type MailLease, type MailRow } from '../db/repositories/mail-outbox.js';
import type { Database } from '../db/types.js';
import type { Logger } from '../logger.js';
import type { MailAddress, MailServer } from './config.js';

/** Told of each outcome, inside the transaction that records it (e.g. a line in the case's thread). */
export interface MailReporter {
  sent(trx: Transaction<Database>, row: MailRow): Promise<void>;
  failed(trx: Transaction<Database>, row: MailRow, code: string): Promise<void>;
  /** After commit: the outcome's own messages may go now. */
  afterCommit?(): void;
}

export interface MailDeliveryDeps {
  db: Db;
  clock: Clock;
  smtp: MailServer;
  from: MailAddress;
  replyTo: MailAddress | null;
  logger: Logger;
  reporter?: MailReporter | null;
  /** Told of each mail once its outcome is recorded (for `/metrics`). */
  onOutcome?: (outcome: 'sent' | 'retry' | 'failed', kind: string) => void;
  /** Connections to the SMTP server at once (mails in flight; as many again are leased ahead). */
  connections?: number;
  pollIntervalMs?: number;
  /** A mail in flight is leased this long: longer than one SMTP conversation can take. */
  leaseMs?: number;
  /** The first retry after a transient failure waits about this long; each further one twice as long. */
  retryBaseMs?: number;
}

const MAX_ATTEMPTS = 25;
const MAX_BACKOFF_MS = 30 * 60_000;
/** Every wait on the SMTP server is bounded, so a lease (default 2 min) always outlasts a send. */
const SMTP_TIMEOUT_MS = 30_000;

/**
 * What a failed send means. Permanent: the server answered 5xx (an address it refuses, a message it
 * will never take). Transient: 4xx, a refused or dropped connection, a timeout. The code alone is
 * kept: the server's text may repeat the address.
 */
export function classifySmtpError(err: unknown): { permanent: boolean; code: string } {
  const e = err as { responseCode?: unknown; code?: unknown };
  const response = typeof e?.responseCode === 'number' ? e.responseCode : null;
  if (response !== null) return { permanent: response >= 500 && response < 600, code: String(response) };
  return { permanent: false, code: typeof e?.code === 'string' && /^[A-Z_]{2,30}$/.test(e.code) ? e.code : 'ERROR' };
}

/**
 * The one sender of e-mails to applicants, run by every role when SMTP is configured: leases due
 * mails from the mail outbox (one statement; nothing stays locked while the SMTP server is talked
 * to), sends each with its stored Message-ID, and records the outcome. A sender killed mid-send
 * leaves its lease to run out: the mail is sent at most once more, with the same Message-ID.
 * Leases and backoff are wall-clock time; whether a reminder is due is the business clock's.
 */
export class MailDelivery {
  private readonly owner = randomUUID();
  private readonly transport: Transporter;
  private readonly connections: number;
  private readonly recorder = new OutcomeRecorder<{ row: MailRow; outcome: Outcome }>((batch) => this.recordBatch(batch));
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private last: { status: 'ok' | 'failing' | 'unknown'; error?: string; since?: string } = { status: 'unknown', error: 'nothing sent yet' };

  constructor(private deps: MailDeliveryDeps) {
    const s = deps.smtp;
    this.connections = Math.max(1, deps.connections ?? 5);
    this.transport = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
      pool: true,
      maxConnections: this.connections,
      maxMessages: Infinity,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
      // nodemailer's own logger would print envelopes (addresses): off.
      logger: false,
      debug: false,
    });
    // An idle pooled connection the server closed is an error event of the pool: known, not fatal.
    this.transport.on('error', (err: Error) => deps.logger.warn({ failure: classifySmtpError(err).code }, 'smtp connection error'));
  }

  /** The Slack side, given when the app is composed (it exists only with Slack configured). */
  useReporter(reporter: MailReporter): void {
    this.deps.reporter = reporter;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** How the SMTP server answered last, for `/readyz` (a code, never its text). */
  status(): { status: 'ok' | 'failing' | 'unknown'; error?: string; since?: string } {
    return this.last;
  }

  private observe(ok: boolean, code?: string): void {
    const status = ok ? 'ok' : 'failing';
    if (this.last.status !== status || this.last.error !== code) {
      this.last = { status, ...(code ? { error: `SMTP ${code}` } : {}), since: new Date().toISOString() };
    }
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: unknown) => {
        this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'mail delivery drain failed');
        return 0;
      })
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /**
   * Sends every mail that may go now; answers how many it handed to the SMTP server. Up to `connections` mails are
   * on the SMTP server at once, and as many again are leased ahead, so a connection that gets its
   * answer starts the next mail at once instead of waiting for the database: claims and the
   * recording of outcomes run beside the conversations, never between two of them.
   */
  async drain(): Promise<number> {
    const outbox = mailOutboxRepository(this.deps.db);
    const connections = this.connections;
    const leaseMs = this.deps.leaseMs ?? 120_000;
    const queue: { row: MailRow; leaseUntil: number }[] = [];
    const sending = new Set<Promise<void>>();
    const expiring: MailRow[] = [];
    let handled = 0;
    // A leased mail starts only while most of its lease is left (the SMTP timeouts end a conversation
    // well within it), so no other sender takes the mail while this one may still be talking about it.
    const pump = () => {
      while (!this.stopped && sending.size < connections && queue.length > 0) {
        const next = queue.shift()!;
        if (next.leaseUntil - Date.now() < leaseMs * 0.75) {
          expiring.push(next.row);
          continue;
        }
        handled++;
        const s: Promise<void> = this.sendLeased(next.row).finally(() => {
          sending.delete(s);
          pump();
        });
        sending.add(s);
      }
    };
    // Nothing more was due at the last claim: claim again only once a mail is done (or at the next poll).
    let dry = false;
    await outbox.cancelSuperseded(this.deps.clock.now());
    try {
      while (!this.stopped) {
        pump();
        const room = 2 * connections - sending.size - queue.length;
        if (!dry && queue.length <= connections / 2 && room > 0) {
          const now = Date.now();
          const rows = await outbox.claim(this.deps.clock.now(), now, this.owner, now + leaseMs, room);
          for (const row of rows) queue.push({ row, leaseUntil: now + leaseMs });
          dry = rows.length < room;
          continue;
        }
        if (sending.size === 0 && queue.length === 0) break;
        await Promise.race(sending);
        dry = false;
      }
    } finally {
      // Leased and never started (stopping, or a lease grown short): free them for any sender now.
      const unsent = [...expiring, ...queue.splice(0).map((q) => q.row)];
      await Promise.all(sending);
      if (unsent.length > 0) await outbox.release(this.owner, unsent.map((r) => r.id));
      await this.recorder.idle();
    }
    return handled;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
    this.transport.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.nudge();
      void (this.draining ?? Promise.resolve())
        .then(() => mailOutboxRepository(this.deps.db).nextAttemptAt(this.deps.clock.now()))
        .catch(() => null)
        .then((at) => {
          const poll = this.deps.pollIntervalMs ?? 1_000;
          this.schedule(at === null ? poll : Math.min(poll, Math.max(5, at - Date.now())));
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One SMTP conversation; its outcome is handed to the recorder, which the connection does not wait for. */
  private async sendLeased(row: MailRow): Promise<void> {
    let outcome: Outcome;
    try {
      if (!row.to_address) throw Object.assign(new Error('no address'), { responseCode: 550 });
      await this.transport.sendMail({
        from: this.deps.from.name ? { name: this.deps.from.name, address: this.deps.from.address } : this.deps.from.address,
        ...(this.deps.replyTo ? { replyTo: this.deps.replyTo.address } : {}),
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: row.message_id,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Opinion-Desk-Kind': row.kind },
      });
      outcome = { ok: true };
      this.observe(true);
    } catch (err) {
      outcome = { ok: false, ...classifySmtpError(err) };
      // A 5xx for one address is the server working (it refuses that address); a refused login is not.
      const serverWorks = outcome.permanent && !['530', '535'].includes(outcome.code);
      this.observe(serverWorks, serverWorks ? undefined : outcome.code);
    }
    this.recorder.add({ row, outcome });
  }

  /**
   * Records a batch of outcomes: the sent ones in one transaction (one statement marks them all),
   * the others one by one. A batch that fails is recorded mail by mail, so one bad row costs no
   * other its record; a record that fails leaves the lease to run out (the mail goes at most once more).
   */
  private async recordBatch(batch: readonly { row: MailRow; outcome: Outcome }[]): Promise<void> {
    const sent = batch.filter((b) => b.outcome.ok).map((b) => b.row);
    if (sent.length > 1) {
      try {
        await this.recordSent(sent);
      } catch {
        for (const row of sent) await this.recordOne(row, { ok: true });
      }
    } else if (sent.length === 1) {
      await this.recordOne(sent[0]!, { ok: true });
    }
    for (const b of batch) if (!b.outcome.ok) await this.recordOne(b.row, b.outcome);
  }

  private async recordOne(row: MailRow, outcome: Outcome): Promise<void> {
    try {
      if (outcome.ok) await this.recordSent([row]);
      else await this.record(row, { id: row.id, claimedBy: this.owner }, outcome);
    } catch (err) {
      // The lease runs out and the mail is taken again (at most once more).
      this.deps.logger.error({ err: err instanceof Error ? err.message : String(err), mailId: row.id }, 'mail outcome not recorded');
    }
  }

  private async recordSent(rows: readonly MailRow[]): Promise<void> {
    const reporter = this.deps.reporter ?? null;
    await this.deps.db.transaction().execute(async (trx) => {
      const marked = new Set(await mailOutboxRepository(trx).markSent(this.owner, rows.map((r) => r.id), this.deps.clock.now()));
      for (const row of rows) if (marked.has(row.id)) await reporter?.sent(trx, row);
    });
    for (const row of rows) {
      this.deps.logger.info({ mailId: row.id, caseId: row.case_id, kind: row.kind, attempt: row.attempts + 1 }, 'mail to the applicant sent');
      this.deps.onOutcome?.('sent', row.kind);
    }
    reporter?.afterCommit?.();
  }

  /** A failed attempt: kept as failed (5xx, or the last attempt) or retried later with backoff. */
  private async record(row: MailRow, lease: MailLease, outcome: Extract<Outcome, { ok: false }>): Promise<void> {
    const log = { mailId: row.id, caseId: row.case_id, kind: row.kind, attempt: row.attempts + 1 };
    const reporter = this.deps.reporter ?? null;
    let told: 'retry' | 'failed';
    if (outcome.permanent || row.attempts + 1 >= MAX_ATTEMPTS) {
      await this.deps.db.transaction().execute(async (trx) => {
        if (await mailOutboxRepository(trx).markFailed(lease, outcome.code)) await reporter?.failed(trx, row, outcome.code);
      });
      told = 'failed';
      this.deps.logger.error({ ...log, failure: outcome.code }, 'mail to the applicant failed: kept as failed for a coordinator');
    } else {
      const base = this.deps.retryBaseMs ?? 2_000;
      const backoff = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(row.attempts, 16)) * (0.8 + Math.random() * 0.4);
      await mailOutboxRepository(this.deps.db).retryLater(lease, Date.now() + backoff, outcome.code);
      told = 'retry';
      this.deps.logger.warn({ ...log, failure: outcome.code, retryInMs: Math.round(backoff) }, 'mail to the applicant will be retried');
    }
    reporter?.afterCommit?.();
    this.deps.onOutcome?.(told, row.kind);
  }
}

type Outcome = { ok: true } | { ok: false; permanent: boolean; code: string };

/**
 * Outcomes wait here while one batch is being recorded and go together in the next: under load the
 * batches grow by themselves, with no timer adding delay when it is quiet.
 */
class OutcomeRecorder<T> {
  private pending: T[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly record: (batch: T[]) => Promise<void>) {}

  add(item: T): void {
    this.pending.push(item);
    this.flushing ??= this.flush();
  }

  /** Resolves once every outcome handed in so far is recorded. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the outcomes of this turn of the event loop join the first batch.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) await this.record(this.pending.splice(0));
    } finally {
      this.flushing = null;
    }
  }
}

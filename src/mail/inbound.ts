import { ImapFlow } from 'imapflow';
import type { Transaction } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { mailInboundRepository, type InboundRecord } from '../db/repositories/mail-inbound.js';
import { mailOutboxRepository } from '../db/repositories/mail-outbox.js';
import type { Database, MailAttachment } from '../db/types.js';
import type { Logger } from '../logger.js';
import type { ImapServer } from './config.js';

/** Told of each message handled, inside the transaction that records it (a thread line, a coordinators' notice). */
export interface InboundReporter {
  reply(trx: Transaction<Database>, record: InboundRecord & { id: number; caseId: number }): Promise<void>;
  unmatched(trx: Transaction<Database>, record: InboundRecord & { id: number }): Promise<void>;
  afterCommit?(): void;
}

export interface MailInboundDeps {
  db: Db;
  clock: Clock;
  imap: ImapServer;
  processedFolder: string;
  logger: Logger;
  reporter?: InboundReporter | null;
  /** The first reconnection waits about this long, each further one twice as long (at most 60 s). */
  reconnectBaseMs?: number;
}

/** What a message is, read from its headers and parts: metadata only, never its subject or body. */
export interface ReadMessage {
  messageId: string | null;
  fromAddress: string | null;
  receivedAtMs: number;
  pec: boolean;
  /** A PEC receipt: which of our messages it names, and whether it confirms delivery. */
  receipt: { refersTo: string; delivered: boolean } | null;
  /** The Message-IDs it answers (In-Reply-To, References). */
  answers: string[];
  /** A case reference in the subject, if any (the subject itself is not kept). */
  subjectReference: string | null;
  attachments: MailAttachment[];
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : []);
const REFERENCE = /\bSO-\d{4}-\d{4,}\b/;

function headerText(mail: ParsedMail, name: string): string | null {
  const v = mail.headers.get(name);
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value).trim();
  return null;
}

/**
 * Reads one message: a PEC envelope is opened (`postacert.eml` is the message the sender wrote),
 * a PEC receipt (`X-Ricevuta`) names the message it confirms. Answers null when it is not a message
 * at all (no sender, no Message-ID): such a message is left in the inbox.
 */
export async function readMessage(source: Buffer, internalDateMs: number): Promise<ReadMessage | null> {
  const outer = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const receiptKind = headerText(outer, 'x-ricevuta');
  const refersTo = headerText(outer, 'x-riferimento-message-id');
  if (receiptKind && refersTo) {
    return {
      messageId: outer.messageId ?? null,
      fromAddress: outer.from?.value[0]?.address ?? null,
      receivedAtMs: outer.date?.getTime() ?? internalDateMs,
      pec: true,
      receipt: { refersTo, delivered: receiptKind === 'avvenuta-consegna' },
      answers: [],
      subjectReference: null,
      attachments: [],
    };
  }
  const envelope = outer.attachments.find((a) => a.filename === 'postacert.eml' || (a.contentType === 'message/rfc822' && headerText(outer, 'x-trasporto') === 'posta-certificata'));
  const inner = envelope ? await simpleParser(envelope.content, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true }) : outer;
  const from = inner.from?.value[0]?.address ?? null;
  if (!from && !inner.messageId) return null;
  return {
    messageId: outer.messageId ?? inner.messageId ?? null,
    fromAddress: from,
    receivedAtMs: outer.date?.getTime() ?? internalDateMs,
    pec: Boolean(envelope),
    receipt: null,
    answers: [...ids(inner.inReplyTo), ...ids(inner.references)],
    subjectReference: REFERENCE.exec(inner.subject ?? '')?.[0] ?? null,
    attachments: inner.attachments.filter((a) => a.contentDisposition !== 'inline' || a.filename).map((a) => ({ type: a.contentType.toLowerCase(), size: a.size })),
  };
}

/**
 * The inbound side (SPEC section 10): watches the mailbox with IMAP IDLE and handles each message
 * once — matched to a case by In-Reply-To/References naming a Message-ID we sent, else by a
 * reference in the subject, else unmatched; PEC receipts confirm the delivery of ours. Only metadata
 * is stored. Handled messages are moved to the processed folder; one that cannot be read is logged
 * by its UID and left in the inbox. The connection is re-made with backoff whenever it drops.
 */
export class MailInbound {
  private client: ImapFlow | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private again = false;
  private failures = 0;
  /** UIDs already found unreadable on this connection (logged once). */
  private readonly unreadable = new Set<string>();
  private state: { status: 'ok' | 'failing' | 'unknown'; error?: string; since?: string } = { status: 'unknown', error: 'not connected yet' };

  constructor(private deps: MailInboundDeps) {}

  useReporter(reporter: InboundReporter): void {
    this.deps.reporter = reporter;
  }

  status() {
    return this.state;
  }

  start(): void {
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const c = this.client;
    if (c) await c.logout().catch(() => c.close());
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.session();
        this.failures = 0;
      } catch (err) {
        this.failures++;
        this.state = { status: 'failing', error: imapErrorCode(err), since: new Date().toISOString() };
        this.deps.logger.warn({ failure: imapErrorCode(err), attempt: this.failures }, 'imap connection lost: reconnecting');
      }
      if (this.stopped) break;
      const base = this.deps.reconnectBaseMs ?? 1_000;
      const wait = Math.min(60_000, base * 2 ** Math.min(this.failures, 6)) * (0.8 + Math.random() * 0.4);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        t.unref();
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** One connection: read what is there, then wait (IDLE) for more until the connection ends. */
  private async session(): Promise<void> {
    const { imap } = this.deps;
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user ?? '', pass: imap.password ?? '' },
      logger: false,
      emitLogs: false,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 5 * 60_000,
    });
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (err: unknown) => this.deps.logger.warn({ failure: imapErrorCode(err) }, 'imap error'));
    try {
      await client.connect();
      await client.mailboxCreate(this.deps.processedFolder).catch(() => undefined);
      await client.mailboxOpen(imap.mailbox);
      this.unreadable.clear();
      this.state = { status: 'ok', since: new Date().toISOString() };
      this.deps.logger.info({ mailbox: imap.mailbox }, 'imap mailbox watched');
      client.on('exists', () => {
        this.again = true;
        void this.pump(client);
      });
      await this.pump(client);
      // IDLE is entered by the client while nothing else is asked; 'exists' wakes the pump.
      await closed;
      if (!this.stopped) throw Object.assign(new Error('connection closed'), { code: 'CLOSED' });
    } finally {
      this.client = null;
      client.close();
    }
  }

  private pumping: Promise<void> | null = null;

  /** Handles what is in the inbox now; runs once at a time (a new message during a run runs it again). */
  private pump(client: ImapFlow): Promise<void> {
    if (this.pumping) return this.pumping;
    this.pumping = (async () => {
      do {
        this.again = false;
        await this.handleInbox(client);
      } while (this.again && !this.stopped && client.usable);
    })()
      .catch((err: unknown) => this.deps.logger.warn({ failure: imapErrorCode(err) }, 'imap inbox not read to the end'))
      .finally(() => {
        this.pumping = null;
        // Wait in IDLE at once (the client would only after a while): the server tells of new mail.
        if (!this.stopped && client.usable) client.idle().catch(() => undefined);
      });
    return this.pumping;
  }

  private async handleInbox(client: ImapFlow): Promise<void> {
    const mailbox = client.mailbox;
    if (!mailbox || !client.usable) return;
    const uidValidity = String(mailbox.uidValidity);
    const uids = ((await client.search({ all: true }, { uid: true })) || []).map(String);
    // Recorded messages move to the processed folder in batches (one MOVE for many, not one each).
    // One recorded and not yet moved when the process dies is found again, known, and moved then.
    const recorded: string[] = [];
    const moveRecorded = async () => {
      if (recorded.length > 0) await client.messageMove(recorded.splice(0).join(','), this.deps.processedFolder, { uid: true });
    };
    try {
      for (const uid of uids) {
        if (this.stopped || !client.usable) return;
        if (this.unreadable.has(`${uidValidity}:${uid}`)) continue;
        const msg = await client.fetchOne(uid, { source: true, internalDate: true }, { uid: true });
        if (!msg || !msg.source) continue;
        let read: ReadMessage | null = null;
        try {
          read = await readMessage(msg.source, msg.internalDate ? new Date(msg.internalDate).getTime() : this.deps.clock.now());
        } catch {
          read = null;
        }
        if (!read) {
          this.unreadable.add(`${uidValidity}:${uid}`);
          this.deps.logger.warn({ uid: Number(uid), uidValidity: Number(uidValidity) }, 'inbound e-mail cannot be parsed: left in the inbox');
          continue;
        }
        await this.record(read, imapMailbox(this.deps.imap), uidValidity, uid);
        recorded.push(uid);
        if (recorded.length >= MOVE_BATCH) await moveRecorded();
      }
    } finally {
      if (!this.stopped && client.usable) await moveRecorded();
    }
  }

  /** Records the message once (by Message-ID and by UIDVALIDITY/UID) and tells whoever must know, in one transaction. */
  private async record(m: ReadMessage, mailbox: string, uidValidity: string, uid: string): Promise<void> {
    const nowMs = this.deps.clock.now();
    const outcome = await this.deps.db.transaction().execute(async (trx) => {
      const inbound = mailInboundRepository(trx);
      const outbox = mailOutboxRepository(trx);
      if (m.receipt) {
        const [ours] = await outbox.sentByMessageIds([m.receipt.refersTo]);
        const id = await inbound.insert({ messageId: m.messageId, mailbox, uidValidity, uid, receivedAtMs: m.receivedAtMs, fromAddress: null, kind: 'pec_receipt', pec: true, caseId: ours?.case_id ?? null, matchedBy: ours ? 'receipt' : null, outboxId: ours?.id ?? null, attachments: [] }, nowMs);
        if (id !== null && ours && m.receipt.delivered) await outbox.confirmDelivery(ours.id, m.receivedAtMs);
        return id === null ? 'duplicate' : 'receipt';
      }
      const answered = await outbox.sentByMessageIds(m.answers);
      let caseId = answered[0]?.case_id ?? null;
      let matchedBy: string | null = caseId !== null ? 'in_reply_to' : null;
      if (caseId === null && m.subjectReference) {
        caseId = await inbound.caseIdOf(m.subjectReference);
        if (caseId !== null) matchedBy = 'subject';
      }
      const record: InboundRecord = {
        messageId: m.messageId,
        mailbox,
        uidValidity,
        uid,
        receivedAtMs: m.receivedAtMs,
        fromAddress: m.fromAddress,
        kind: caseId === null ? 'unmatched' : 'reply',
        pec: m.pec,
        caseId,
        matchedBy,
        outboxId: answered[0]?.id ?? null,
        attachments: m.attachments,
      };
      const id = await inbound.insert(record, nowMs);
      if (id === null) return 'duplicate';
      if (caseId !== null) await this.deps.reporter?.reply(trx, { ...record, id, caseId });
      else await this.deps.reporter?.unmatched(trx, { ...record, id });
      return record.kind;
    });
    if (outcome !== 'duplicate') this.deps.reporter?.afterCommit?.();
    this.deps.logger.info({ uid: Number(uid), outcome }, 'inbound e-mail handled');
  }
}

/** Messages moved to the processed folder by one MOVE command. */
const MOVE_BATCH = 50;

const imapMailbox = (imap: ImapServer) => `${imap.host}:${imap.port}/${imap.mailbox}`;

/** A code for logs and /readyz: never the server's text (it may quote an address). */
function imapErrorCode(err: unknown): string {
  const e = err as { code?: unknown; serverResponseCode?: unknown; authenticationFailed?: unknown };
  if (e?.authenticationFailed) return 'AUTHENTICATIONFAILED';
  for (const v of [e?.serverResponseCode, e?.code]) if (typeof v === 'string' && /^[A-Za-z_]{2,40}$/.test(v)) return v;
  return 'ERROR';
}

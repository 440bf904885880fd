import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { authorise } from '../domain/actions.js';
import type { NewCaseInput } from '../domain/new-case.js';
import type { Actor } from '../domain/permissions.js';
import { Refusal } from '../domain/refusal.js';
import type { Db } from '../db/database.js';
import { bankTransfersRepository, type TransferRow } from '../db/repositories/bank-transfers.js';
import { mailInboundRepository } from '../db/repositories/mail-inbound.js';
import type { Database, MailAttachment } from '../db/types.js';
import type { MatchReason } from '../domain/transfer-matching.js';
import type { CaseService } from './cases.js';

/** One e-mail of the coordinators' inbox: metadata only (never a subject, a body or a sender's name). */
export interface InboxMail {
  id: number;
  receivedAtMs: number;
  attachments: MailAttachment[];
  /** The case a reply was matched to; null for an e-mail without a case. */
  caseId: number | null;
  reference: string | null;
}

/** What waits for the coordinators (SPEC sections 10 and 11), each list with its full count. */
/** A credit of the queue as App Home shows it: amount, value date and why no case took it. */
export interface QueuedCredit {
  id: number;
  amountCents: number;
  valueDate: string;
  bankReference: string | null;
  /** Null when the stored reason is not one this version knows (a row written by a later one). */
  reason: MatchReason | null;
}

export interface Inbox {
  replies: { total: number; items: InboxMail[] };
  withoutCase: { total: number; items: InboxMail[] };
  credits: { total: number; items: QueuedCredit[] };
}

/** A credit of the queue with what only the match modal shows: the payer and the remittance text. */
export interface CreditToMatch extends QueuedCredit {
  payerName: string | null;
  remittance: string | null;
  /** The open cases whose payment is pending, those the credit fits first (for the modal's choice). */
  pendingCases: { id: number; reference: string; pathologyArea: string; expectedCents: number; fits: boolean }[];
}

/** Told, inside the transaction, of an e-mail a coordinator attached to a case (a line in its thread). */
export interface InboxReporter {
  attached(trx: Transaction<Database>, fact: { mailId: number; caseId: number; receivedAtMs: number; by: string }): Promise<void>;
  afterCommit(): void;
}

export interface InboxDeps {
  db: Db;
  cases: CaseService;
  clock: Clock;
}

/** How many cases the match modal offers (a static select holds at most 100 options). */
const PENDING_CHOICES = 100;

/**
 * The coordinators' inbox: replies from applicants not yet handled, e-mails without a case, and bank
 * credits no statement could place. Each decision is one transaction; a second click on an item
 * another coordinator already handled is refused as gone, and changes nothing.
 */
export class InboxService {
  private reporter: InboxReporter | null = null;

  constructor(private readonly deps: InboxDeps) {}

  /** Slack, once it runs, words the thread line of an attached e-mail. */
  useReporter(reporter: InboxReporter): void {
    this.reporter = reporter;
  }

  async list(limit: number): Promise<Inbox> {
    const mail = mailInboundRepository(this.deps.db);
    const [replies, withoutCase, counts, credits] = await Promise.all([
      mail.open('reply', limit),
      mail.open('unmatched', limit),
      mail.openCounts(),
      bankTransfersRepository(this.deps.db).queue(limit),
    ]);
    const item = (r: (typeof replies)[number]): InboxMail => ({
      id: r.id,
      receivedAtMs: r.received_at.getTime(),
      attachments: r.attachments,
      caseId: r.case_id,
      reference: r.reference,
    });
    return {
      replies: { total: counts.reply, items: replies.map(item) },
      withoutCase: { total: counts.unmatched, items: withoutCase.map(item) },
      credits: { total: credits.total, items: credits.rows.map(queued) },
    };
  }

  /** A reply read, or an e-mail without a case that is none of ours: it leaves the inbox. */
  async markHandled(actor: Actor, mailId: number): Promise<void> {
    authorise(actor, 'handle_inbox');
    const done = await mailInboundRepository(this.deps.db).markHandled(mailId, actor.id, this.deps.clock.now());
    if (!done) throw gone();
  }

  /** An e-mail without a case is the applicant's of this case: recorded so, and said in its thread. */
  async attach(actor: Actor, mailId: number, reference: string): Promise<{ reference: string }> {
    authorise(actor, 'handle_inbox');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const mail = mailInboundRepository(trx);
      const caseId = await mail.caseIdOf(reference);
      if (caseId === null) throw new Refusal('not_found', { key: 'not_found', reference }, { field: 'case_reference' });
      const row = await mail.byId(mailId);
      if (!row || !(await mail.attach(mailId, caseId, actor.id, now))) throw gone();
      await this.reporter?.attached(trx, { mailId, caseId, receivedAtMs: row.received_at.getTime(), by: actor.id });
    });
    this.reporter?.afterCommit();
    return { reference };
  }

  /** An e-mail without a case, still waiting: its sender's address fills the new-case form (the coordinator's alone). */
  async withoutCase(actor: Actor, mailId: number): Promise<{ id: number; from: string | null }> {
    authorise(actor, 'handle_inbox');
    const row = await mailInboundRepository(this.deps.db).byId(mailId);
    if (!row || row.kind !== 'unmatched' || row.handled_at !== null) throw gone();
    return { id: row.id, from: row.from_address };
  }

  /**
   * New case from an e-mail without a case: the case is created (once, however often the form is sent:
   * the e-mail's id is the request's idempotency key) and the e-mail attached to it.
   */
  async createFromMail(actor: Actor, mailId: number, input: NewCaseInput): Promise<{ reference: string }> {
    authorise(actor, 'handle_inbox');
    const row = await mailInboundRepository(this.deps.db).byId(mailId);
    if (!row || row.kind !== 'unmatched') throw gone();
    const { view } = await this.deps.cases.create(input, actor, `inbound-mail:${mailId}`);
    return this.attach(actor, mailId, view.reference);
  }

  /** A credit of the queue, with its texts and the cases it may pay, for the match modal only. */
  async creditToMatch(actor: Actor, transferId: number): Promise<CreditToMatch> {
    authorise(actor, 'handle_inbox');
    const repo = bankTransfersRepository(this.deps.db);
    const t = await repo.withTexts(transferId);
    if (!t || t.case_id !== null || t.dismissed_at !== null) throw gone();
    const pending = await repo.pendingCases(t.fitting_case_ids, t.amount_cents, PENDING_CHOICES);
    const fitting = new Set(t.fitting_case_ids);
    return {
      ...queued(t),
      payerName: t.payer_name,
      remittance: t.remittance,
      pendingCases: pending.map((c) => ({ id: c.id, reference: c.reference, pathologyArea: c.pathology_area, expectedCents: c.expected_cents, fits: fitting.has(c.id) })),
    };
  }

  /**
   * A coordinator places a credit on a case: the same change the statement import records (the line
   * "… matched a transfer to this case" with Confirm payment, filled in), in the transaction that takes
   * the credit off the queue. A case whose payment was confirmed meanwhile refuses it.
   */
  async matchTransfer(actor: Actor, transferId: number, reference: string): Promise<void> {
    authorise(actor, 'handle_inbox');
    const at = new Date(this.deps.clock.now());
    const outcome = await this.deps.db.transaction().execute(async (trx) => {
      const repo = bankTransfersRepository(trx);
      const t = await repo.lock(transferId);
      if (!t || t.case_id !== null || t.dismissed_at !== null) throw gone();
      const outcome = await this.deps.cases.executeWithin(
        trx,
        reference,
        [{ type: 'record_transfer', transferId, bankReference: t.bank_reference, amountCents: t.amount_cents, valueDate: t.value_date }],
        actor,
      );
      await repo.place(transferId, outcome.view.id, actor.id, at);
      return outcome;
    });
    await this.deps.cases.announce(outcome);
  }

  /** "Not ours": the credit stays stored, with who dismissed it and when, and leaves the queue. */
  async dismissTransfer(actor: Actor, transferId: number): Promise<void> {
    authorise(actor, 'handle_inbox');
    await this.deps.db.transaction().execute(async (trx) => {
      const repo = bankTransfersRepository(trx);
      const t = await repo.lock(transferId);
      if (!t || t.case_id !== null || t.dismissed_at !== null) throw gone();
      await repo.dismiss(transferId, actor.id, new Date(this.deps.clock.now()));
    });
  }
}

const reference = z.string();
const cents = z.number().int();
/** The reason stored with a credit (`bank_transfers.reason`, written by the import), read back. */
const storedReason: z.ZodType<MatchReason> = z.discriminatedUnion('key', [
  z.object({ key: z.literal('fits'), by: z.enum(['reference', 'name', 'payer']), amountCents: cents, expectedCents: cents }),
  z.object({ key: z.literal('several_fit'), references: z.array(reference) }),
  z.object({ key: z.literal('names_no_case') }),
  z.object({ key: z.literal('amount_differs'), reference, amountCents: cents, expectedCents: cents }),
  z.object({ key: z.literal('not_second_opinion'), reference }),
  z.object({ key: z.literal('already_paid'), reference }),
  z.object({ key: z.literal('case_closed'), reference }),
]);

function queued(t: TransferRow): QueuedCredit {
  const reason = storedReason.safeParse(t.reason);
  return { id: t.id, amountCents: t.amount_cents, valueDate: t.value_date, bankReference: t.bank_reference, reason: reason.success ? reason.data : null };
}

/** Another coordinator handled it first (or it never was ours): nothing to do. */
const gone = () => new Refusal('conflict', { key: 'inbox_item_gone' });

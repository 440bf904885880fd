import { performance } from 'node:perf_hooks';
import type { Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import { entryKey, skipReason, type ParsedStatement, type SkipReason, type StatementEntry } from '../domain/bank-statement.js';
import { isOpen, type CaseStatus } from '../domain/case.js';
import { Refusal } from '../domain/refusal.js';
import type { Actor } from '../domain/permissions.js';
import { matchCredit, type CandidateCase, type MatchReason, type MatchResult } from '../domain/transfer-matching.js';
import { nameKey, referencesIn, textNameKeys } from '../domain/transfer-text.js';
import type { Db } from '../db/database.js';
import { bankTransfersRepository, type CandidateRow } from '../db/repositories/bank-transfers.js';
import type { Database } from '../db/types.js';
import type { Logger } from '../logger.js';
import type { CaseCommands, CaseService, CommandOutcome } from './cases.js';

/** Who records what a statement found: the import acts as a coordinator would, and says so in the history. */
export const BANK_STATEMENT_ACTOR: Actor = { id: 'system:bank-statement', roles: new Set(['coordinator']) };

export interface StatementImportDeps {
  db: Db;
  cases: CaseService;
  clock: Clock;
  toleranceCents: number;
  autoConfirm: 'off' | 'exact';
  logger: Logger;
}

/** Told, inside the import's transaction, of the credits it left for the coordinators to match (their notice). */
export interface StatementReporter {
  creditsToMatch(trx: Transaction<Database>, fact: { statementId: number; count: number }): Promise<void>;
  afterCommit(): void;
}

export type EntryOutcome = 'matched' | 'ambiguous' | 'unmatched' | 'duplicate' | 'skipped';

/** What became of one entry of the file. */
export interface EntryResult {
  position: number;
  bankReference: string | null;
  amountCents: number;
  valueDate: string;
  outcome: EntryOutcome;
  /** The case the credit was placed on (matched), or was placed on by an earlier import (duplicate). */
  caseReference: string | null;
  reason: EntryReason;
  /** The payment was confirmed by this import (`PAYMENTS_AUTO_CONFIRM=exact`). */
  confirmed: boolean;
}

export type EntryReason = MatchReason | { key: 'duplicate' } | { key: 'skipped'; why: SkipReason };

export interface ImportCounts {
  entries: number;
  credits: number;
  new: number;
  duplicates: number;
  matched: number;
  ambiguous: number;
  unmatched: number;
  skipped: number;
}

export interface ImportResult {
  /** Null when the file held nothing new: nothing was stored. */
  statementId: number | null;
  format: string;
  counts: ImportCounts;
  entries: EntryResult[];
}

/** Credits are looked up in chunks: each chunk is one query for its references and one for its names. */
const LOOKUP_CHUNK = 1_000;

interface Credit {
  entry: StatementEntry;
  key: string;
  result: EntryResult;
  match: MatchResult | null;
}

/**
 * Imports a bank statement (SPEC section 11): stores its booked euro credits once each, matches the
 * new ones against the cases whose payment is pending, records each match on its case (and, with
 * `PAYMENTS_AUTO_CONFIRM=exact`, confirms the payments that agree in every respect), all in one
 * transaction: a statement is imported whole or not at all. What follows on each case (card, thread,
 * reminders) is announced after commit.
 */
export class StatementImportService {
  private reporter: StatementReporter | null = null;

  constructor(private readonly deps: StatementImportDeps) {}

  /** Slack, once it runs, tells the coordinators of the credits to match. */
  useReporter(reporter: StatementReporter): void {
    this.reporter = reporter;
  }

  async import(statement: ParsedStatement, importedBy: Actor): Promise<ImportResult> {
    const started = performance.now();
    /** Where the time goes, for the log: finding the cases and deciding each credit, then writing what was found on them. */
    const ms = { match: 0, record: 0, total: 0 };
    const credits = this.classify(statement);
    const { result, outcomes } = await this.deps.db.transaction().execute(async (trx) => {
      const repo = bankTransfersRepository(trx);
      const known = await repo.known(credits.filter((c) => c.result.outcome !== 'skipped').map((c) => c.key));
      const fresh: Credit[] = [];
      for (const c of credits) {
        if (c.result.outcome === 'skipped') continue;
        const previous = known.get(c.key);
        if (previous) Object.assign(c.result, { outcome: 'duplicate', caseReference: previous.case_reference, reason: { key: 'duplicate' } });
        else fresh.push(c);
      }
      // Nothing new (the same statement again): nothing is stored, not even the import.
      if (fresh.length === 0) return { result: { statementId: null, format: statement.format, counts: countsOf(credits), entries: credits.map((c) => c.result) }, outcomes: [] };
      const matching = performance.now();
      const caseIds = await this.matchAll(trx, fresh);
      ms.match = performance.now() - matching;
      const counts = countsOf(credits);
      const now = new Date(this.deps.clock.now());
      const statementId = await repo.insertStatement({
        format: statement.format,
        importedBy: importedBy.id,
        importedAt: now,
        entries: counts.entries,
        credits: counts.credits,
        newCredits: counts.new,
        skipped: counts.skipped,
      });
      const ids = await repo.insertTransfers(statementId, fresh.map((c) => transferRow(c, caseIds)), now, BANK_STATEMENT_ACTOR.id);
      // Stored meanwhile by an import running beside this one: a duplicate, and not ours to record.
      for (const c of fresh) if (!ids.has(c.key)) Object.assign(c.result, { outcome: 'duplicate', caseReference: null, reason: { key: 'duplicate' }, confirmed: false });
      const recording = performance.now();
      const outcomes = await this.recordOnCases(trx, fresh, ids);
      ms.record = performance.now() - recording;
      const toMatch = fresh.filter((c) => ids.has(c.key) && (c.result.outcome === 'unmatched' || c.result.outcome === 'ambiguous')).length;
      if (toMatch > 0) await this.reporter?.creditsToMatch(trx, { statementId, count: toMatch });
      return { result: { statementId, format: statement.format, counts: countsOf(credits), entries: credits.map((c) => c.result) }, outcomes };
    });
    await this.deps.cases.announceEach(outcomes);
    this.reporter?.afterCommit();
    ms.total = performance.now() - started;
    const rounded = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)]));
    this.deps.logger.info({ statementId: result.statementId, format: result.format, ...result.counts, ms: rounded }, 'bank statement imported');
    return result;
  }

  /** Every entry: skipped (not a booked euro credit), a repeat of an earlier line of the same file, or a credit to look at. */
  private classify(statement: ParsedStatement): Credit[] {
    const seen = new Set<string>();
    return statement.entries.map((entry) => {
      const skip = skipReason(entry);
      const key = entryKey(entry);
      const result: EntryResult = {
        position: entry.position,
        bankReference: entry.bankReference,
        amountCents: entry.amountCents,
        valueDate: entry.valueDate,
        outcome: skip ? 'skipped' : seen.has(key) ? 'duplicate' : 'unmatched',
        caseReference: null,
        reason: skip ? { key: 'skipped', why: skip } : { key: 'duplicate' },
        confirmed: false,
      };
      if (!skip) seen.add(key);
      return { entry, key, result, match: null };
    });
  }

  /**
   * Matches the new credits in file order. A case whose payment an earlier credit of the same file
   * confirms is no longer pending for the later ones. Answers the case id of each reference met.
   */
  private async matchAll(trx: Transaction<Database>, fresh: readonly Credit[]): Promise<Map<string, number>> {
    const repo = bankTransfersRepository(trx);
    const caseIds = new Map<string, number>();
    const byReference = new Map<string, CandidateCase>();
    const byKey = new Map<string, CandidateCase[]>();
    const remember = (row: CandidateRow) => {
      if (byReference.has(row.reference)) return;
      const candidate: CandidateCase = {
        reference: row.reference,
        expectedCents: row.expected_cents,
        paymentPending: row.payment_state === 'pending' && isOpen(row.status as CaseStatus),
        open: isOpen(row.status as CaseStatus),
        patientName: row.patient_name,
        applicantName: row.applicant_name,
      };
      caseIds.set(row.reference, row.id);
      byReference.set(row.reference, candidate);
      for (const k of row.name_keys ?? []) byKey.set(k, [...(byKey.get(k) ?? []), candidate]);
    };
    const lookups = fresh.map((c) => ({
      references: referencesIn(c.entry.remittance ?? ''),
      keys: [...textNameKeys(c.entry.remittance ?? ''), ...(c.entry.payerName ? [nameKey(c.entry.payerName)] : [])].filter((k): k is string => k !== null),
    }));
    for (let i = 0; i < fresh.length; i += LOOKUP_CHUNK) {
      const chunk = lookups.slice(i, i + LOOKUP_CHUNK);
      const rows = await repo.candidates([...new Set(chunk.flatMap((l) => l.references))], [...new Set(chunk.flatMap((l) => l.keys))]);
      rows.forEach(remember);
    }
    fresh.forEach((c, i) => {
      const lookup = lookups[i]!;
      const candidates = new Set<CandidateCase>();
      for (const r of lookup.references) {
        const found = byReference.get(r);
        if (found) candidates.add(found);
      }
      for (const k of lookup.keys) for (const found of byKey.get(k) ?? []) candidates.add(found);
      const match = matchCredit(c.entry, [...candidates], this.deps.toleranceCents);
      c.match = match;
      Object.assign(c.result, { outcome: match.outcome, caseReference: match.reference, reason: match.reason });
      // A payment this import will confirm is no longer pending for the credits after it.
      if (match.reference && this.confirmsItself(c.entry, match)) byReference.get(match.reference)!.paymentPending = false;
    });
    return caseIds;
  }

  /** `PAYMENTS_AUTO_CONFIRM=exact` and a credit that agrees in every respect, with the bank's reference to record. */
  private confirmsItself(entry: StatementEntry, match: MatchResult): boolean {
    return this.deps.autoConfirm === 'exact' && match.outcome === 'matched' && match.exact && entry.bankReference !== null;
  }

  /**
   * Records each match on its case (a line on the card and in the thread), and confirms the exact
   * ones when so configured (a second line), as one change of many cases, set-based (`executeEach`:
   * the cases locked in one query in id order, so two imports never wait for each other in a circle;
   * their events, case rows and outbox rows written in a few statements). A case that changed since
   * it was read (confirmed by hand meanwhile) refuses the credit, and then its confirmation too (the
   * two commands ask the same of a case: open, payment pending): the credit joins the coordinators'
   * queue, saying why. A confirmation refused alone (a value date the calendar does not accept yet,
   * dated tomorrow) leaves the credit found, for a person to confirm later.
   */
  private async recordOnCases(trx: Transaction<Database>, fresh: readonly Credit[], ids: ReadonlyMap<string, number>): Promise<(CommandOutcome | Refusal)[]> {
    const repo = bankTransfersRepository(trx);
    const matched = fresh.filter((c) => c.result.outcome === 'matched' && ids.has(c.key));
    const items: (CaseCommands & { credit: Credit; confirms: boolean })[] = matched.flatMap((c) => {
      const reference = c.result.caseReference!;
      const { entry } = c;
      return [
        { credit: c, confirms: false, reference, commands: [{ type: 'record_transfer' as const, transferId: ids.get(c.key)!, bankReference: entry.bankReference, amountCents: entry.amountCents, valueDate: entry.valueDate }] },
        ...(c.match && this.confirmsItself(entry, c.match)
          ? [{ credit: c, confirms: true, reference, commands: [{ type: 'confirm_payment' as const, receivedCents: entry.amountCents, valueDate: entry.valueDate, bankReference: entry.bankReference ?? '', reason: null }] }]
          : []),
      ];
    });
    const outcomes = await this.deps.cases.executeEach(trx, items, BANK_STATEMENT_ACTOR);
    for (const [i, { credit: c, confirms }] of items.entries()) {
      const refused = outcomes[i] instanceof Refusal;
      if (confirms) c.result.confirmed = !refused && c.result.outcome === 'matched';
      else if (refused) {
        const reason: MatchReason = { key: 'already_paid', reference: c.result.caseReference! };
        await repo.unplace(ids.get(c.key)!, reason);
        Object.assign(c.result, { outcome: 'unmatched', caseReference: null, reason });
      }
    }
    return outcomes;
  }
}

function transferRow(c: Credit, caseIds: ReadonlyMap<string, number>) {
  const match = c.match!;
  return {
    entry_key: c.key,
    bank_reference: c.entry.bankReference,
    booking_date: c.entry.bookingDate,
    value_date: c.entry.valueDate,
    amount_cents: c.entry.amountCents,
    payer_name: c.entry.payerName,
    remittance: c.entry.remittance,
    outcome: match.outcome,
    reason: match.reason,
    exact: match.exact,
    fitting_case_ids: match.fitting.map((r) => caseIds.get(r)!),
    case_id: match.reference === null ? null : caseIds.get(match.reference)!,
  };
}

function countsOf(credits: readonly Credit[]): ImportCounts {
  const n = (o: EntryOutcome) => credits.filter((c) => c.result.outcome === o).length;
  const skipped = n('skipped');
  const matched = n('matched');
  const ambiguous = n('ambiguous');
  const unmatched = n('unmatched');
  return {
    entries: credits.length,
    credits: credits.length - skipped,
    new: matched + ambiguous + unmatched,
    duplicates: n('duplicate'),
    matched,
    ambiguous,
    unmatched,
    skipped,
  };
}

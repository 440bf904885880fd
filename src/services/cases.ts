import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { foldCase, slaTimeline, type CaseState } from '../domain/case.js';
import { type CaseFacts, type NewCaseEvent } from '../domain/events.js';
import { boardView, consultDueAt, type BoardView } from '../domain/board.js';
import { withFollowUps, type BoardContext } from '../domain/consult-commands.js';
import { decide, decideCreate, type CaseCommand } from '../domain/commands.js';
import { Refusal } from '../domain/refusal.js';
import { expectedAmountCents, type Prices } from '../domain/payment.js';
import type { NewCaseInput, NewCaseRules } from '../domain/new-case.js';
import type { Actor } from '../domain/permissions.js';
import { pausedWorkingMs, slaStatus, type SlaStatus } from '../domain/sla.js';
import type { Db } from '../db/database.js';
import { casesRepository, type CaseDetails, type CasesRepository, type DerivedCase } from '../db/repositories/cases.js';
import { retentionRepository } from '../db/repositories/retention.js';
import { ERASED_REQUEST, idempotencyRepository } from '../db/repositories/idempotency.js';
import { StoredEventError } from '../db/stored-events.js';
import type { CaseRow, Database } from '../db/types.js';
import type { Logger } from '../logger.js';

export type { NewCaseInput } from '../domain/new-case.js';

export interface CaseView {
  id: number;
  reference: string;
  externalId: string | null;
  state: CaseState;
  sla: SlaStatus;
  /** The lead and the consults, with their deadlines on the SLA clock. */
  board: BoardView;
}

/** What changed, handed to whoever renders or schedules after the transaction has committed. */
export interface CaseChange {
  view: CaseView;
  before: CaseState | null;
  /** The events this change appended. */
  events: readonly NewCaseEvent[];
  /** The whole history, these events included. */
  history: readonly NewCaseEvent[];
  actor: Actor;
}

/** What a command did: the case after it, and the change to announce (null when it changed nothing). */
export interface CommandOutcome {
  view: CaseView;
  change: CaseChange | null;
}

/**
 * One effect of a change to a case (plan its notifications, queue its card and thread line, refresh
 * App Home). The app is composed with one ordered list of them (`src/app.ts`); they run in that order.
 */
export interface CaseEffect {
  /** What it does, for whoever reads the list. */
  name: string;
  /** Runs inside the transaction that wrote the change, so it commits or rolls back with it. */
  inTransaction?: (trx: Transaction<Database>, change: CaseChange) => Promise<void>;
  /**
   * The same for the many changes of one transaction (a bank statement's thousands of credits), in a
   * few statements for all of them. An effect without it runs `inTransaction` for each change.
   */
  inTransactionEach?: (trx: Transaction<Database>, changes: readonly CaseChange[]) => Promise<void>;
  /** Runs after commit; failures are the effect's to handle. */
  afterCommit?: (change: CaseChange) => Promise<void>;
  /** `afterCommit` for the many changes of one transaction; an effect without it runs `afterCommit` for each. */
  afterCommitEach?: (changes: readonly CaseChange[]) => Promise<void>;
}

/** Commands for one case, among the many cases of one change (`executeEach`). */
export interface CaseCommands {
  reference: string;
  commands: readonly CaseCommand[];
}

export interface CaseServiceDeps {
  db: Db;
  clock: Clock;
  calendar: WorkingCalendar;
  slaTargetWorkingDays: number;
  prices: Prices;
  pathologyAreas: readonly string[];
  logger: Logger;
  /** Areas a consult may be asked from (SPEC section 8). */
  specialistAreas: readonly string[];
}

/** What a change is made to: a stored case (locked, with its history), or a new case to register. */
type ChangeSubject = { stored: CaseRow; history: readonly NewCaseEvent[]; before: CaseState } | { register: NewCaseInput };

/** A request that may come again (SPEC section 6): the keys it is known by, and a digest of its body. */
interface RepeatableRequest {
  keys: string[];
  hash: string;
}

/** The events one decision answers on the state so far (null: the case does not exist yet). */
type Decision<S extends CaseState | null> = (state: S | CaseState) => NewCaseEvent[];

export class CaseService {
  readonly targetWorkingMs: number;
  private effects: readonly CaseEffect[] = [];
  private composed = false;

  /** What deciding a consult needs besides the case. */
  readonly board: BoardContext;

  constructor(private readonly deps: CaseServiceDeps) {
    this.targetWorkingMs = deps.slaTargetWorkingDays * deps.calendar.workingDayMs;
    this.board = { calendar: deps.calendar, targetWorkingMs: this.targetWorkingMs, specialistAreas: deps.specialistAreas };
  }

  /** The effects of every change, in order; given once, when the app is composed. */
  useEffects(effects: readonly CaseEffect[]): void {
    if (this.composed) throw new Error('the effects of a change are given once, when the app is composed');
    this.composed = true;
    this.effects = [...effects];
  }

  /**
   * Creates a case, or answers the case an earlier identical request created. `created` is false
   * for such a retry. The same key with a different body is a conflict.
   */
  async create(input: NewCaseInput, actor: Actor, idempotencyKey: string | null = null): Promise<{ view: CaseView; created: boolean }> {
    const now = this.deps.clock.now();
    const outcome = await this.deps.db.transaction().execute((trx) =>
      this.withIdempotency(trx, actor, repeatableRequest(input, idempotencyKey), now, () => {
        const facts = this.factsOf(input);
        const events = this.decide([], null, [() => decideCreate(facts, input.documents, actor, now)], actor, now);
        return this.persistChanges(trx, [{ subject: { register: input }, events }], actor, now).then(([outcome]) => outcome!);
      }),
    );
    await this.announce(outcome);
    return { view: outcome.view, created: outcome.change !== null };
  }

  /** Runs one command on one case: the row lock makes concurrent commands on a case take turns. */
  async execute(reference: string, command: CaseCommand, actor: Actor): Promise<{ view: CaseView; changed: boolean }> {
    return this.executeAll(reference, [command], actor);
  }

  /**
   * Runs commands one person gave together (a form that records receipts and rejects documents) as
   * one change: each is decided on the state the previous ones left, and all are written in one
   * transaction, so a refusal or a failed write of any of them leaves the case as it was.
   */
  async executeAll(reference: string, commands: readonly CaseCommand[], actor: Actor): Promise<{ view: CaseView; changed: boolean }> {
    const outcome = await this.deps.db.transaction().execute((trx) => this.executeWithin(trx, reference, commands, actor));
    await this.announce(outcome);
    return { view: outcome.view, changed: outcome.change !== null };
  }

  /**
   * `executeAll` inside the caller's transaction, for a change of several cases that commits or
   * rolls back as one; the caller hands the outcome to `announce` once the transaction has
   * committed. A refusal is thrown before anything is written.
   */
  async executeWithin(trx: Transaction<Database>, reference: string, commands: readonly CaseCommand[], actor: Actor): Promise<CommandOutcome> {
    const [outcome] = await this.executeEach(trx, [{ reference, commands }], actor);
    if (outcome instanceof Refusal) throw outcome;
    return outcome!;
  }

  /**
   * Commands on many cases in the caller's transaction, in a few statements however many cases (a
   * bank statement records thousands of credits): the cases are locked in one query, in id order (so
   * two such changes never wait for each other in a circle), their histories read in one, and their
   * events, derived columns, detail rows and effects written together. Each item is decided as
   * `executeWithin` decides it, on the state the items before it left (two credits for one case), and
   * answers its outcome, or its refusal: a refused item writes nothing, the others go on. The caller
   * hands the outcomes to `announceEach` once the transaction has committed.
   */
  async executeEach(trx: Transaction<Database>, items: readonly CaseCommands[], actor: Actor): Promise<(CommandOutcome | Refusal)[]> {
    const now = this.deps.clock.now();
    const { timeZone } = this.deps.calendar;
    const repo = casesRepository(trx);
    const rows = new Map((await repo.lockByReferences([...new Set(items.map((i) => i.reference))])).map((r) => [r.reference, r]));
    const histories = await repo.eventsOf([...rows.values()].map((r) => r.id));
    /** The history of each case as the items before left it (folded when another item needs it). */
    const sofar = new Map<number, readonly NewCaseEvent[]>();
    const decided: (Refusal | CommandOutcome | { subject: ChangeSubject; events: NewCaseEvent[] })[] = [];
    for (const { reference, commands } of items) {
      const row = rows.get(reference);
      if (!row) {
        decided.push(new Refusal('not_found', { key: 'not_found', reference }));
        continue;
      }
      const history = sofar.get(row.id) ?? histories.get(row.id) ?? [];
      if (history instanceof StoredEventError) throw history;
      const subject = { stored: row, history, before: foldCase(history) };
      const decisions = commands.map((command): Decision<CaseState> => (state) => decide(state, command, actor, now, timeZone, this.board));
      let events: NewCaseEvent[];
      try {
        events = this.decide(subject.history, subject.before, decisions, actor, now);
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        decided.push(err);
        continue;
      }
      if (events.length === 0) {
        decided.push({ view: this.view(row, subject.before, now), change: null });
        continue;
      }
      decided.push({ subject, events });
      sofar.set(row.id, [...history, ...events]);
    }
    const changes = decided.flatMap((d) => (d instanceof Refusal || 'view' in d ? [] : [d]));
    const persisted = await this.persistChanges(trx, changes, actor, now);
    return decided.map((d) => (d instanceof Refusal || 'view' in d ? d : persisted.shift()!));
  }

  /**
   * Runs `make` once per request: a retry (same client, same key or externalId, same body) answers
   * the case the first one made and changes nothing. Keys belong to the client that used them (SPEC
   * section 6): another client's same key is another request. The same key with another body is a
   * conflict, and so is a request whose case was erased: making it again would bring back what was erased.
   */
  private async withIdempotency(
    trx: Transaction<Database>,
    actor: Actor,
    request: RepeatableRequest,
    now: number,
    make: () => Promise<CommandOutcome>,
  ): Promise<CommandOutcome> {
    const idem = idempotencyRepository(trx, actor.id);
    for (const key of [...request.keys].sort()) await idem.lock(key);
    const previous = await idem.find(request.keys);
    const field = (rows: typeof previous) => (rows.some((p) => p.key.startsWith('key:')) ? 'Idempotency-Key' : 'externalId');
    const erased = previous.filter((p) => p.request_hash === ERASED_REQUEST);
    if (erased.length > 0) throw new Refusal('conflict', { key: 'erased_case_request' }, { field: field(erased) });
    if (previous.some((p) => p.request_hash !== request.hash)) throw new Refusal('conflict', { key: 'idempotency_conflict' }, { field: field(previous) });
    if (previous[0]) {
      const repo = casesRepository(trx);
      const row = (await repo.findById(previous[0].case_id))!;
      return { view: this.view(row, foldCase(await repo.events(row.id)), now), change: null };
    }
    const outcome = await make();
    await idem.remember(request.keys, request.hash, outcome.view.id, new Date(now));
    return outcome;
  }

  /**
   * Decides one person's commands one after another, each on the state the previous ones left, and
   * adds what follows from each (`withFollowUps`). Pure: nothing is written, a refusal throws.
   */
  private decide<S extends CaseState | null>(
    history: readonly NewCaseEvent[],
    before: S,
    decisions: readonly Decision<S>[],
    actor: Actor,
    now: number,
  ): NewCaseEvent[] {
    const events: NewCaseEvent[] = [];
    for (const decision of decisions) {
      const sofar = [...history, ...events];
      const state = events.length === 0 ? before : foldCase(sofar);
      events.push(...withFollowUps(sofar, decision(state), actor.id, now, this.board, state));
    }
    return events;
  }

  /**
   * Writes changes in the caller's transaction, in order: a new case is registered first; then the
   * events, the derived columns and detail rows (each case's once, as its last change left it), the
   * erasure if a change is one, and the effects that commit with them (`inTransaction`). Each kind of
   * row is one statement for all the changes. Answers what to announce after commit.
   */
  private async persistChanges(
    trx: Transaction<Database>,
    changes: readonly { subject: ChangeSubject; events: readonly NewCaseEvent[] }[],
    actor: Actor,
    now: number,
  ): Promise<CommandOutcome[]> {
    if (changes.length === 0) return [];
    const repo = casesRepository(trx);
    /** Per case, in the order first met: its state before the first change and after the last. */
    const cases = new Map<number, { before: CaseState | null; after: CaseState; derived: DerivedCase; stored: boolean; erased: boolean }>();
    const written: { caseId: number; before: CaseState | null; after: CaseState; history: NewCaseEvent[]; events: readonly NewCaseEvent[] }[] = [];
    for (const { subject, events } of changes) {
      const { history, before } = 'stored' in subject ? subject : { history: [], before: null };
      const after = foldCase([...history, ...events]);
      const derived: DerivedCase = { state: after, sla: this.sla(after, now), pausedMs: this.pausedMs(after, now), atMs: now };
      // A new case's row is inserted with its derived columns; a stored one's are rewritten after its events.
      const caseId = 'stored' in subject ? subject.stored.id : await this.register(repo, subject.register, derived, now);
      const erased = events.some((e) => e.data.type === 'personal_data_erased');
      const known = cases.get(caseId);
      cases.set(caseId, { before: known ? known.before : before, after, derived, stored: 'stored' in subject, erased: (known?.erased ?? false) || erased });
      written.push({ caseId, before, after, history: [...history, ...events], events });
    }
    await repo.appendEventsOf(written.map((w) => ({ caseId: w.caseId, events: w.events })));
    await repo.updateDerived([...cases].filter(([, c]) => c.stored).map(([caseId, c]) => ({ caseId, derived: c.derived })));
    await repo.writeDetails([...cases].map(([caseId, c]) => ({ caseId, details: this.details(c.after), before: c.before && this.details(c.before) })));
    // Retention: the erasure event is recorded, then what could identify the patient goes.
    for (const [caseId, c] of cases) if (c.erased) await retentionRepository(trx).erase(trx, caseId, ['personal_data_erased']);
    const rows = new Map((await repo.findByIds([...cases.keys()])).map((r) => [r.id, r]));
    const outcomes = written.map((w): CommandOutcome => {
      const change: CaseChange = { view: this.view(rows.get(w.caseId)!, w.after, now), before: w.before, events: w.events, history: w.history, actor };
      return { view: change.view, change };
    });
    const made = outcomes.map((o) => o.change!);
    for (const effect of this.effects) {
      if (effect.inTransactionEach) await effect.inTransactionEach(trx, made);
      else if (effect.inTransaction) for (const change of made) await effect.inTransaction(trx, change);
    }
    return outcomes;
  }

  /** A new case's row under the next number of the year (in the calendar's zone), and its personal data. */
  private async register(repo: CasesRepository, input: NewCaseInput, derived: DerivedCase, now: number): Promise<number> {
    const year = DateTime.fromMillis(now, { zone: this.deps.calendar.timeZone }).year;
    const seq = await repo.nextSequence(year);
    const id = await repo.insertCase({ reference: `SO-${year}-${String(seq).padStart(4, '0')}`, year, seq }, input.externalId, derived);
    await repo.insertPersonalData(id, input);
    return id;
  }

  private factsOf(input: NewCaseInput): CaseFacts {
    return {
      applicantType: input.applicant.type,
      pathologyArea: input.pathologyArea,
      language: input.language,
      imageReview: input.imageReview,
      deliveryChannel: input.deliveryChannel,
      expectedCents: expectedAmountCents(this.deps.prices, input.imageReview),
    };
  }

  /** The checklist, consults (with their deadlines on the SLA clock) and payment, as stored beside the case. */
  private details(state: CaseState): CaseDetails {
    const timeline = slaTimeline(state);
    return {
      checklist: state.checklist,
      consults: state.consults.map((consult) => ({ consult, dueAtMs: consultDueAt(this.deps.calendar, timeline, consult) })),
      payment: state.payment,
    };
  }

  /** After commit: what follows a change (notifications, App Home); nothing for a command that changed nothing. */
  async announce(outcome: CommandOutcome): Promise<void> {
    if (outcome.change) await this.notify([outcome.change]);
  }

  /** `announce` for the outcomes of `executeEach` (its refusals changed nothing). */
  async announceEach(outcomes: readonly (CommandOutcome | Refusal)[]): Promise<void> {
    const changes = outcomes.flatMap((o) => (o instanceof Refusal || !o.change ? [] : [o.change]));
    if (changes.length > 0) await this.notify(changes);
  }

  async get(reference: string): Promise<CaseView> {
    // One round trip for the case and its history (a refused click reads it again for its hint).
    return (await this.getWithPermalink(reference)).view;
  }

  /**
   * A case and its card's permalink, read in one round trip: what `/so status` answers in its
   * acknowledgement. Refused like `get` when there is no such case; an unreadable history throws.
   */
  async getWithPermalink(reference: string): Promise<{ view: CaseView; permalink: string | null }> {
    const found = await casesRepository(this.deps.db).findWithHistory(reference);
    if (!found) throw new Refusal('not_found', { key: 'not_found', reference });
    if (found.events instanceof StoredEventError) throw found.events;
    return { view: this.view(found.row, foldCase(found.events), this.deps.clock.now()), permalink: found.permalink };
  }

  /**
   * A case by id. Inside a transaction pass it as `executor`: reading on the transaction's own
   * connection means a caller holding one connection never waits for a second (no pool starvation).
   */
  async getById(id: number, executor: Db | Transaction<Database> = this.deps.db): Promise<CaseView & { events: NewCaseEvent[] }> {
    const repo = casesRepository(executor);
    const row = await repo.findById(id);
    if (!row) throw new Refusal('not_found', { key: 'not_found', reference: `#${id}` });
    const events = await repo.events(row.id);
    return { ...this.view(row, foldCase(events), this.deps.clock.now()), events };
  }

  /**
   * Views of many cases with one query for all their events. A case whose stored history cannot be
   * read is left out (and logged, naming the event), so one bad row never hides the other cases.
   */
  async viewsOf(rows: readonly CaseRow[]): Promise<CaseView[]> {
    const byCase = await casesRepository(this.deps.db).eventsOf(rows.map((r) => r.id));
    const now = this.deps.clock.now();
    return rows.flatMap((r) => {
      const history = byCase.get(r.id) ?? [];
      if (history instanceof StoredEventError) {
        this.deps.logger.error({ caseId: history.caseId, eventId: history.eventId, problem: history.problem }, 'case history unreadable');
        return [];
      }
      return [this.view(r, foldCase(history), now)];
    });
  }

  async history(reference: string): Promise<NewCaseEvent[]> {
    const found = await casesRepository(this.deps.db).findWithHistory(reference);
    if (!found) throw new Refusal('not_found', { key: 'not_found', reference });
    if (found.events instanceof StoredEventError) throw found.events;
    return found.events;
  }

  /** Personal data for the details view; the caller records the view with a `view_details` command first. */
  async personalData(caseId: number) {
    return casesRepository(this.deps.db).personalData(caseId);
  }

  /** What a new case's input is checked against (`parseNewCase`), now. */
  newCaseRules(): NewCaseRules {
    const { pathologyAreas, calendar, clock } = this.deps;
    return { pathologyAreas, timeZone: calendar.timeZone, openMinute: calendar.config.openMinute, nowMs: clock.now() };
  }

  sla(state: CaseState, nowMs: number): SlaStatus {
    return slaStatus(this.deps.calendar, slaTimeline(state), nowMs, this.targetWorkingMs);
  }

  /** Working time the case has spent waiting for information so far (the report's "time paused"). */
  private pausedMs(state: CaseState, nowMs: number): number {
    return pausedWorkingMs(this.deps.calendar, slaTimeline(state), nowMs);
  }

  private view(row: CaseRow, state: CaseState, nowMs: number): CaseView {
    return {
      id: row.id,
      reference: row.reference,
      externalId: row.external_id,
      state,
      sla: this.sla(state, nowMs),
      board: boardView(this.deps.calendar, state.assignee, slaTimeline(state), state.consults, nowMs),
    };
  }

  private async notify(changes: readonly CaseChange[]): Promise<void> {
    for (const effect of this.effects) {
      if (effect.afterCommitEach) await effect.afterCommitEach(changes);
      else if (effect.afterCommit) for (const change of changes) await effect.afterCommit(change);
    }
  }

}

/** The keys a new case's request is known by (its Idempotency-Key, its externalId) and its body's digest. */
function repeatableRequest(input: NewCaseInput, idempotencyKey: string | null): RepeatableRequest {
  return {
    keys: [...(idempotencyKey ? [`key:${idempotencyKey}`] : []), ...(input.externalId ? [`external:${input.externalId}`] : [])],
    hash: hashRequest(input),
  };
}

function hashRequest(input: NewCaseInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

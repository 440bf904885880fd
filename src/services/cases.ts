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
import { casesRepository, type CaseProjection } from '../db/repositories/cases.js';
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

/**
 * One effect of a change to a case (plan its notifications, queue its card and thread line, refresh
 * App Home). The app is composed with one ordered list of them (`src/app.ts`); they run in that order.
 */
/** What a command did: the case after it, and the change to announce (null when it changed nothing). */
export interface CommandOutcome {
  view: CaseView;
  change: CaseChange | null;
}

export interface CaseEffect {
  /** What it does, for whoever reads the list. */
  name: string;
  /** Runs inside the transaction that wrote the change, so it commits or rolls back with it. */
  inTransaction?: (trx: Transaction<Database>, change: CaseChange) => Promise<void>;
  /** Runs after commit; failures are the effect's to handle. */
  afterCommit?: (change: CaseChange) => Promise<void>;
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

export class CaseService {
  readonly targetWorkingMs: number;
  private effects: readonly CaseEffect[] = [];
  private composed = false;

  readonly db: Db;
  /** What deciding a consult needs besides the case. */
  readonly board: BoardContext;

  constructor(private readonly deps: CaseServiceDeps) {
    this.db = deps.db;
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
  async create(
    input: NewCaseInput,
    actor: Actor,
    idempotencyKey: string | null = null,
  ): Promise<{ view: CaseView; created: boolean }> {
    const now = this.deps.clock.now();
    const keys = [
      ...(idempotencyKey ? [`key:${idempotencyKey}`] : []),
      ...(input.externalId ? [`external:${input.externalId}`] : []),
    ];
    const requestHash = hashRequest(input);

    const result = await this.deps.db.transaction().execute(async (trx) => {
      // Keys belong to the client that used them (SPEC section 6): another client's same key is another request.
      const idem = idempotencyRepository(trx, actor.id);
      for (const key of [...keys].sort()) await idem.lock(key);
      const previous = await idem.find(keys);
      const field = (rows: typeof previous) => (rows.some((p) => p.key.startsWith('key:')) ? 'Idempotency-Key' : 'externalId');
      // The case this request made was erased: making it again would bring back what was erased.
      const erased = previous.filter((p) => p.request_hash === ERASED_REQUEST);
      if (erased.length > 0) throw new Refusal('conflict', { key: 'erased_case_request' }, { field: field(erased) });
      if (previous.some((p) => p.request_hash !== requestHash)) throw new Refusal('conflict', { key: 'idempotency_conflict' }, { field: field(previous) });
      const repo = casesRepository(trx);
      if (previous[0]) {
        const row = await repo.findById(previous[0].case_id);
        return { row: row!, events: await repo.events(previous[0].case_id), change: null };
      }

      const facts: CaseFacts = {
        applicantType: input.applicant.type,
        pathologyArea: input.pathologyArea,
        language: input.language,
        imageReview: input.imageReview,
        deliveryChannel: input.deliveryChannel,
        expectedCents: expectedAmountCents(this.deps.prices, input.imageReview),
      };
      const events = withFollowUps([], decideCreate(facts, input.documents, actor, now), actor.id, now, this.board);
      const year = DateTime.fromMillis(now, { zone: this.deps.calendar.timeZone }).year;
      const seq = await repo.nextSequence(year);
      const state = foldCase(events);
      const sla = this.sla(state, now);
      const id = await repo.insertCase({
        reference: `SO-${year}-${String(seq).padStart(4, '0')}`,
        year,
        seq,
        external_id: input.externalId,
        applicant_type: facts.applicantType,
        pathology_area: facts.pathologyArea,
        language: facts.language,
        image_review: facts.imageReview,
        delivery_channel: facts.deliveryChannel,
        expected_cents: facts.expectedCents,
        created_at: new Date(now),
        ...projectionOf(state, sla, this.pausedMs(state, now), now),
      });
      await repo.insertPersonalData({
        case_id: id,
        applicant_name: input.applicant.name,
        applicant_email: input.applicant.email,
        applicant_phone: input.applicant.phone,
        applicant_language: input.applicant.language,
        patient_name: input.patient.name,
        patient_birth_date: input.patient.birthDate,
        patient_tax_code: input.patient.taxCode,
        patient_email: input.patient.email,
        patient_phone: input.patient.phone,
        notes: input.notes,
      });
      await repo.appendEvents(id, events);
      await this.writeDetails(trx, id, state);
      await idem.remember(keys, requestHash, id, new Date(now));
      const row = (await repo.findById(id))!;
      const change: CaseChange = { view: this.view(row, state, now), before: null, events, history: events, actor };
      for (const effect of this.effects) await effect.inTransaction?.(trx, change);
      return { row, events, change };
    });

    const state = foldCase(result.events);
    const view = this.view(result.row, state, now);
    // A retry that found the earlier case changed nothing: nothing to announce.
    if (result.change) await this.notify({ ...result.change, view });
    return { view, created: result.change !== null };
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
   * rolls back as one (a bank statement's import); the caller hands each outcome to `announce` once
   * the transaction has committed. A refusal is thrown before anything is written.
   */
  async executeWithin(trx: Transaction<Database>, reference: string, commands: readonly CaseCommand[], actor: Actor): Promise<CommandOutcome> {
    const now = this.deps.clock.now();
    const repo = casesRepository(trx);
    const row = await repo.lockByReference(reference);
    if (!row) throw new Refusal('not_found', { key: 'not_found', reference });
    const history = await repo.events(row.id);
    const before = foldCase(history);
    const events: NewCaseEvent[] = [];
    for (const command of commands) {
      const sofar = [...history, ...events];
      const state = events.length === 0 ? before : foldCase(sofar);
      events.push(...withFollowUps(sofar, decide(state, command, actor, now, this.deps.calendar.timeZone, this.board), actor.id, now, this.board));
    }
    if (events.length === 0) return { view: this.view(row, before, now), change: null };
    await repo.appendEvents(row.id, events);
    const after = foldCase([...history, ...events]);
    await repo.updateProjection(row.id, projectionOf(after, this.sla(after, now), this.pausedMs(after, now), now));
    await this.writeDetails(trx, row.id, after, before);
    // Retention: the erasure event is recorded, then what could identify the patient goes.
    if (events.some((e) => e.data.type === 'personal_data_erased')) await retentionRepository(trx).erase(trx, row.id, ['personal_data_erased']);
    const updated = (await repo.findById(row.id))!;
    const change: CaseChange = { view: this.view(updated, after, now), before, events, history: [...history, ...events], actor };
    for (const effect of this.effects) await effect.inTransaction?.(trx, change);
    return { view: change.view, change };
  }

  /** After commit: what follows a change (notifications, App Home); nothing for a command that changed nothing. */
  async announce(outcome: CommandOutcome): Promise<void> {
    if (outcome.change) await this.notify(outcome.change);
  }

  async get(reference: string): Promise<CaseView> {
    const repo = casesRepository(this.deps.db);
    const row = await repo.findByReference(reference);
    if (!row) throw new Refusal('not_found', { key: 'not_found', reference });
    return this.view(row, foldCase(await repo.events(row.id)), this.deps.clock.now());
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
    const repo = casesRepository(this.deps.db);
    const row = await repo.findByReference(reference);
    if (!row) throw new Refusal('not_found', { key: 'not_found', reference });
    return repo.events(row.id);
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

  private async notify(change: CaseChange): Promise<void> {
    for (const effect of this.effects) await effect.afterCommit?.(change);
  }

  /**
   * Rewrites the checklist, consult and payment rows of the case; with the state before the change,
   * only those the change altered (a bank credit found, a claim: none of them), so that a statement
   * recording thousands of credits writes what changed and nothing else.
   */
  private async writeDetails(trx: Transaction<Database>, caseId: number, state: CaseState, before: CaseState | null = null): Promise<void> {
    const repo = casesRepository(trx);
    const rows = this.detailRows(state);
    const old = before ? this.detailRows(before) : null;
    const same = (a: unknown, b: unknown) => old !== null && JSON.stringify(a) === JSON.stringify(b);
    if (!same(rows.checklist, old?.checklist)) await repo.replaceChecklist(caseId, rows.checklist);
    if (!same(rows.consults, old?.consults)) await repo.replaceConsults(caseId, rows.consults);
    if (!same(rows.payment, old?.payment)) await repo.upsertPayment(caseId, rows.payment);
  }

  private detailRows(state: CaseState) {
    const timeline = slaTimeline(state);
    const p = state.payment;
    return {
      checklist: state.checklist.map((e) => ({
        item: e.item,
        required: e.required,
        state: e.status.state,
        received_at: e.status.state === 'received' ? new Date(e.status.receivedAtMs) : null,
        reason: e.status.state === 'rejected' ? e.status.reason : null,
      })),
      consults: state.consults.map((c) => {
        const dueAt = consultDueAt(this.deps.calendar, timeline, c);
        return {
          consult: c.id,
          area: c.area,
          state: c.state,
          assignee: c.assignee,
          due_at: dueAt === null ? null : new Date(dueAt),
          image_review: c.imageReview,
        };
      }),
      payment: {
        expected_cents: p.expectedCents,
        state: p.state,
        received_cents: p.receivedCents,
        value_date: p.valueDate,
        bank_reference: p.bankReference,
        mismatch: p.mismatch,
        reason: p.reason,
      },
    };
  }

}

/**
 * The derived columns kept on the case row for indexing; always recomputed from the events. The SLA
 * columns are exact for running and stopped cases: `sla_due_at` moves only with events, and a running
 * case is breached exactly when its due instant has passed.
 */
function projectionOf(state: CaseState, sla: SlaStatus, pausedMs: number, nowMs: number): CaseProjection {
  const openPause = state.pauses.at(-1);
  const closedAt = state.deliveredAtMs ?? state.cancelledAtMs;
  return {
    sla_elapsed_seconds: Math.round(sla.elapsedWorkingMs / 1000),
    paused_since: state.status === 'awaiting_info' && openPause ? new Date(openPause.fromMs) : null,
    closed_at: closedAt === null ? null : new Date(closedAt),
    personal_data_erased_at: state.personalDataErasedAtMs === null ? null : new Date(state.personalDataErasedAtMs),
    sla_paused_seconds: Math.round(pausedMs / 1000),
    pause_count: state.pauses.length,
    status: state.status,
    assignee: state.assignee,
    payment_state: state.payment.state,
    docs_completed_at: sla.startedAtMs === null ? null : new Date(sla.startedAtMs),
    sla_state: sla.state,
    sla_due_at: sla.dueAtMs === null ? null : new Date(sla.dueAtMs),
    sla_breached: sla.breached,
    updated_at: new Date(nowMs),
  };
}

function hashRequest(input: NewCaseInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

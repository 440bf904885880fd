import { IMAGE_REVIEW_AREA, isPending, type Consult } from './board.js';
import { type ConsultEventData } from './events.js';
import type { WorkingCalendar } from './calendar.js';
import { foldCase, slaTimeline, type CaseState } from './case.js';
import { type NewCaseEvent } from './events.js';
import { completionInstant } from './checklist.js';
import { authorise } from './actions.js';
import { Refusal } from './refusal.js';
import type { Actor, Role } from './permissions.js';
import { dueInstant, elapsedWorkingMs } from './sla.js';

/** What deciding a consult needs beyond the case: the calendar, the SLA target and the configured areas. */
export interface BoardContext {
  calendar: WorkingCalendar;
  targetWorkingMs: number;
  specialistAreas: readonly string[];
}

export type ConsultCommand =
  | { type: 'request_consult'; area: string; question: string; dueAtMs: number | null }
  | { type: 'claim_consult'; consult: number; claimantAreas: readonly string[] }
  | {
      type: 'assign_consult';
      consult: number;
      consultant: string;
      consultantRoles: ReadonlySet<Role>;
      consultantAreas: readonly string[];
    }
  | { type: 'answer_consult'; consult: number }
  | { type: 'withdraw_consult'; consult: number; reason: string };

export type ConsultCommandType = ConsultCommand['type'];

/** A question is short: it is a request to a colleague, the clinical file stays where it is. */
export const CONSULT_QUESTION_MAX = 500;

const nextId = (state: CaseState) => state.consults.reduce((max, c) => Math.max(max, c.id), 0) + 1;

/**
 * The default deadline (SPEC section 8): 1 working day before the case is due, or the case's due
 * instant itself when that day has already begun; as working time elapsed on the SLA clock.
 */
export function defaultConsultElapsedMs(ctx: BoardContext, state: CaseState, nowMs: number): number {
  const preferred = Math.max(0, ctx.targetWorkingMs - ctx.calendar.workingDayMs);
  return preferred > elapsedWorkingMs(ctx.calendar, slaTimeline(state), nowMs) ? preferred : ctx.targetWorkingMs;
}

/** The default deadline as an instant, for the Request consult modal. */
export function defaultConsultDueAt(ctx: BoardContext, state: CaseState, nowMs: number): number | null {
  return dueInstant(ctx.calendar, slaTimeline(state), defaultConsultElapsedMs(ctx, state, nowMs));
}

function findConsult(state: CaseState, id: number): Consult {
  const c = state.consults.find((x) => x.id === id);
  if (!c) throw new Refusal('invalid_input', { key: 'unknown_consult' }, { field: 'consult' });
  return c;
}

function requirePending(c: Consult): void {
  if (!isPending(c)) throw new Refusal('invalid_state', { key: 'consult_closed', area: c.area, state: c.state });
}

/** Decides a consult command on a case: the action table judges who and when, this module the consult itself. */
export function decideConsult(
  state: CaseState,
  command: ConsultCommand,
  actor: Actor,
  nowMs: number,
  ctx: BoardContext,
): NewCaseEvent[] {
  const event = (data: ConsultEventData, reason: string | null = null): NewCaseEvent[] => [
    { actor: actor.id, effectiveAtMs: nowMs, recordedAtMs: nowMs, reason, data },
  ];
  switch (command.type) {
    case 'request_consult': {
      authorise(actor, 'request_consult', state);
      if (!ctx.specialistAreas.includes(command.area)) {
        throw new Refusal('invalid_input', { key: 'unknown_staff_area', area: command.area, areas: ctx.specialistAreas }, { field: 'area' });
      }
      const question = command.question.trim();
      if (!question) throw new Refusal('invalid_input', { key: 'required', what: 'question' }, { field: 'question' });
      if (question.length > CONSULT_QUESTION_MAX) {
        throw new Refusal('invalid_input', { key: 'too_long', max: CONSULT_QUESTION_MAX }, { field: 'question' });
      }
      const timeline = slaTimeline(state);
      let dueElapsedMs = defaultConsultElapsedMs(ctx, state, nowMs);
      if (command.dueAtMs !== null) {
        const caseDue = dueInstant(ctx.calendar, timeline, ctx.targetWorkingMs)!;
        if (!Number.isFinite(command.dueAtMs) || command.dueAtMs <= nowMs) {
          throw new Refusal('invalid_input', { key: 'consult_deadline_past' }, { field: 'due_at' });
        }
        if (command.dueAtMs > caseDue) {
          throw new Refusal('invalid_input', { key: 'consult_after_case_due' }, { field: 'due_at' });
        }
        // As elapsed working time (an open pause does not count, as for the case's own due instant).
        const closed = { ...timeline, pauses: timeline.pauses.filter((p) => p.toMs !== null) };
        dueElapsedMs = Math.min(ctx.targetWorkingMs, elapsedWorkingMs(ctx.calendar, closed, command.dueAtMs));
      }
      return event({ type: 'consult_requested', consult: nextId(state), area: command.area, question, dueElapsedMs, imageReview: false });
    }

    case 'claim_consult': {
      authorise(actor, 'claim_consult', state);
      const c = findConsult(state, command.consult);
      if (c.state === 'claimed') {
        if (c.assignee === actor.id) return [];
        throw new Refusal('already_claimed', { key: 'consult_held', area: c.area, holder: c.assignee ?? '' }, { holder: c.assignee });
      }
      requirePending(c);
      if (!command.claimantAreas.includes(c.area)) throw new Refusal('forbidden', { key: 'not_in_area', area: c.area });
      return event({ type: 'consult_claimed', consult: c.id, consultant: actor.id });
    }

    case 'assign_consult': {
      authorise(actor, 'assign_consult', state);
      const c = findConsult(state, command.consult);
      requirePending(c);
      if (!command.consultantRoles.has('doctor') || !command.consultantAreas.includes(c.area)) {
        throw new Refusal('invalid_input', { key: 'not_in_area', area: c.area }, { field: 'consultant' });
      }
      if (c.assignee === command.consultant) return [];
      return event({ type: 'consult_assigned', consult: c.id, consultant: command.consultant });
    }

    case 'answer_consult': {
      const c = findConsult(state, command.consult);
      authorise(actor, 'answer_consult', state, c.assignee);
      if (c.state === 'answered') return [];
      requirePending(c);
      if (c.state === 'open') throw new Refusal('invalid_state', { key: 'consult_unclaimed', area: c.area });
      return event({ type: 'consult_answered', consult: c.id });
    }

    case 'withdraw_consult': {
      authorise(actor, 'withdraw_consult', state);
      const c = findConsult(state, command.consult);
      if (c.state === 'withdrawn') return [];
      requirePending(c);
      const reason = command.reason.trim();
      if (!reason) throw new Refusal('invalid_input', { key: 'required', what: 'reason' }, { field: 'reason' });
      return event({ type: 'consult_withdrawn', consult: c.id }, reason);
    }
  }
}

/**
 * Image review (SPEC section 8): the change that completes the documentation of a case with image
 * review also opens its radiology consult, once.
 */
export function imageReviewConsult(
  before: CaseState | null,
  after: CaseState,
  actorId: string,
  nowMs: number,
  ctx: BoardContext,
): NewCaseEvent[] {
  if (!after.imageReview || after.consults.some((c) => c.imageReview)) return [];
  if (completionInstant(after.checklist) === null) return [];
  if (before && completionInstant(before.checklist) !== null) return [];
  if (after.status === 'delivered' || after.status === 'cancelled') return [];
  return [
    {
      actor: actorId,
      effectiveAtMs: nowMs,
      recordedAtMs: nowMs,
      reason: null,
      data: {
        type: 'consult_requested',
        consult: nextId(after),
        area: IMAGE_REVIEW_AREA,
        question: null,
        dueElapsedMs: defaultConsultElapsedMs(ctx, after, nowMs),
        imageReview: true,
      },
    },
  ];
}

/**
 * The events of a change plus what follows from them in the domain: today, the radiology consult
 * that image review opens when the change completes the documentation.
 */
export function withFollowUps(
  history: readonly NewCaseEvent[],
  events: readonly NewCaseEvent[],
  actorId: string,
  nowMs: number,
  ctx: BoardContext,
  /** The state `history` folds to, when the caller has it already (null: no case yet). */
  before: CaseState | null = history.length > 0 ? foldCase(history) : null,
): NewCaseEvent[] {
  if (events.length === 0) return [];
  const after = foldCase([...history, ...events]);
  return [...events, ...imageReviewConsult(before, after, actorId, nowMs, ctx)];
}

import type { WorkingCalendar } from './calendar.js';
import { isConsultEvent, type NewCaseEvent } from './events.js';
import { dueInstant, elapsedWorkingMs, type SlaTimeline } from './sla.js';

/**
 * The board of specialists (SPEC section 8): a case has one lead (the doctor who holds it) and any
 * number of consults, each a request to a specialist area with a deadline inside the SLA. Consults
 * are events of the case history like everything else; this module folds them.
 */

/** Image review opens a consult of this area when the documentation is complete. */
export const IMAGE_REVIEW_AREA = 'radiology';

export const CONSULT_STATES = ['open', 'claimed', 'answered', 'withdrawn'] as const;
export type ConsultState = (typeof CONSULT_STATES)[number];

export interface Consult {
  id: number;
  area: string;
  state: ConsultState;
  assignee: string | null;
  requestedBy: string;
  requestedAtMs: number;
  question: string | null;
  dueElapsedMs: number;
  imageReview: boolean;
  answeredAtMs: number | null;
  withdrawnAtMs: number | null;
}

/** The consults of a case, in the order they were requested. */
export function foldConsults(events: readonly NewCaseEvent[]): Consult[] {
  const consults = new Map<number, Consult>();
  for (const e of events) {
    const d = e.data;
    if (!isConsultEvent(d)) continue;
    if (d.type === 'consult_requested') {
      consults.set(d.consult, {
        id: d.consult,
        area: d.area,
        state: 'open',
        assignee: null,
        requestedBy: e.actor,
        requestedAtMs: e.effectiveAtMs,
        question: d.question,
        dueElapsedMs: d.dueElapsedMs,
        imageReview: d.imageReview,
        answeredAtMs: null,
        withdrawnAtMs: null,
      });
      continue;
    }
    const c = consults.get(d.consult);
    if (!c) continue;
    switch (d.type) {
      case 'consult_claimed':
      case 'consult_assigned':
        c.state = 'claimed';
        c.assignee = d.consultant;
        break;
      case 'consult_answered':
        c.state = 'answered';
        c.answeredAtMs = e.effectiveAtMs;
        break;
      case 'consult_withdrawn':
        c.state = 'withdrawn';
        c.withdrawnAtMs = e.effectiveAtMs;
        break;
    }
  }
  return [...consults.values()];
}

/** Open or claimed: still waiting for an answer, so the opinion cannot be delivered. */
export function isPending(c: Pick<Consult, 'state'>): boolean {
  return c.state === 'open' || c.state === 'claimed';
}

/** The instant a consult is due: its share of the SLA clock, moved by every pause that has ended. */
export function consultDueAt(cal: WorkingCalendar, timeline: SlaTimeline, consult: Pick<Consult, 'dueElapsedMs'>): number | null {
  return dueInstant(cal, timeline, consult.dueElapsedMs);
}

export interface BoardConsultView {
  id: number;
  area: string;
  state: ConsultState;
  assignee: string | null;
  dueAtMs: number | null;
  answeredAtMs: number | null;
  imageReview: boolean;
  /** Past its deadline and still waiting for an answer. */
  late: boolean;
  /** Working time left on the SLA clock until its deadline (negative: how late); null before the clock runs. */
  remainingWorkingMs: number | null;
}

export interface BoardView {
  lead: string | null;
  consults: BoardConsultView[];
}

export function boardView(
  cal: WorkingCalendar,
  lead: string | null,
  timeline: SlaTimeline,
  consults: readonly Consult[],
  nowMs: number,
): BoardView {
  const elapsed = timeline.startMs === null ? null : elapsedWorkingMs(cal, timeline, nowMs);
  return {
    lead,
    consults: consults.map((c) => {
      const dueAtMs = consultDueAt(cal, timeline, c);
      return {
        id: c.id,
        area: c.area,
        state: c.state,
        assignee: c.assignee,
        dueAtMs,
        answeredAtMs: c.answeredAtMs,
        imageReview: c.imageReview,
        late: isPending(c) && dueAtMs !== null && dueAtMs <= nowMs,
        remainingWorkingMs: elapsed === null ? null : c.dueElapsedMs - elapsed,
      };
    }),
  };
}

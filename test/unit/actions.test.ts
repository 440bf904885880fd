import { describe, expect, it } from 'vitest';
import { availableActions, CASE_ACTIONS, judge, offeredActions, primaryAction, type CaseAction } from '../../src/domain/actions.js';
import { foldCase, type CaseState } from '../../src/domain/case.js';
import { type NewCaseEvent } from '../../src/domain/events.js';
import { requiredItems } from '../../src/domain/checklist.js';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { decide, decideCreate, type CaseCommand } from '../../src/domain/commands.js';
import { Refusal } from '../../src/domain/refusal.js';
import { actor, coordinator, doctor, manager, otherDoctor, portal } from '../support/factories.js';

const t = Date.UTC(2026, 10, 30, 9);
const facts = { applicantType: 'patient', pathologyArea: 'eye', language: 'en', imageReview: false, deliveryChannel: 'email', expectedCents: 50_000 } as const;
const by = (who: string, data: NewCaseEvent['data'], reason: string | null = null): NewCaseEvent => ({
  actor: who,
  effectiveAtMs: t,
  recordedAtMs: t,
  reason,
  data,
});
const paid = by(coordinator.id, { type: 'payment_confirmed', receivedCents: 50_000, valueDate: '2026-11-30', bankReference: 'CRO', mismatch: null });
const complete = () => decideCreate(facts, requiredItems('patient', false).map((item) => ({ item, receivedAtMs: t })), portal, t);

/** One history per state a case can be in, the payment pending or confirmed where the lifecycle allows both. */
const HISTORIES: Record<string, () => NewCaseEvent[]> = {
  'intake, nothing received': () => decideCreate(facts, [], portal, t),
  'ready, payment pending': () => complete(),
  ready: () => [...complete(), paid],
  'in review, payment pending': () => [...complete(), by(doctor.id, { type: 'claimed', assignee: doctor.id })],
  in_review: () => [...complete(), paid, by(doctor.id, { type: 'claimed', assignee: doctor.id })],
  awaiting_info: () => [...complete(), paid, by(doctor.id, { type: 'claimed', assignee: doctor.id }), by(doctor.id, { type: 'info_requested', question: 'MRI?' })],
  delivered: () => [...complete(), paid, by(doctor.id, { type: 'claimed', assignee: doctor.id }), by(doctor.id, { type: 'delivered' })],
  cancelled: () => [...complete(), by(coordinator.id, { type: 'cancelled' }, 'withdrawn')],
};

/** A well-formed command for each action, so that only the table's rules can refuse it. */
function commandFor(action: CaseAction, state: CaseState): CaseCommand {
  const missing = state.checklist.find((e) => e.status.state !== 'received');
  const received = state.checklist.find((e) => e.status.state === 'received');
  switch (action) {
    case 'record_documents': {
      const entry = missing ?? received!;
      const at = entry.status.state === 'received' ? entry.status.receivedAtMs : t;
      return { type: 'record_documents', documents: [{ item: entry.item, receivedAtMs: at }] };
    }
    case 'reject_document':
      return { type: 'reject_document', item: 'privacy_consent', reason: 'not_countersigned' };
    case 'confirm_payment':
      return { type: 'confirm_payment', receivedCents: 50_000, valueDate: '2026-11-30', bankReference: 'CRO 2', reason: null };
    case 'assign':
      return { type: 'assign', assignee: otherDoctor.id, assigneeRoles: new Set(['doctor']) };
    case 'request_info':
      return { type: 'request_info', question: 'Latest CT?' };
    case 'record_transfer':
      return { type: 'record_transfer', transferId: 1, bankReference: 'B-1', amountCents: 51_800, valueDate: '2026-11-30' };
    case 'info_received':
      return { type: 'info_received', receivedAtMs: null };
    case 'cancel':
      return { type: 'cancel', reason: 'withdrawn' };
    case 'erase_personal_data':
      return { type: 'erase_personal_data', reason: 'retention period over' };
    case 'request_consult':
      return { type: 'request_consult', area: 'radiology', question: 'Contrast enhancement at the margin?', dueAtMs: null };
    case 'claim':
    case 'release':
    case 'deliver':
    case 'view_details':
      return { type: action };
    default:
      throw new Error(`${action} acts on one consult: see the board tests`);
  }
}

const PER_CONSULT: readonly CaseAction[] = ['claim_consult', 'assign_consult', 'answer_consult', 'withdraw_consult'];
const BOARD = { calendar: new WorkingCalendar(DEFAULT_CALENDAR), targetWorkingMs: 45 * 3_600_000, specialistAreas: ['radiology'] };

const PEOPLE = [coordinator, doctor, otherDoctor, manager, portal, actor('UBOTH0001', 'doctor', 'coordinator'), actor('UNOBODY01')];

describe('the one table of actions', () => {
  it('every action the table offers a person is accepted by the command, and every other is refused with the reason the table gives', () => {
    for (const [name, history] of Object.entries(HISTORIES)) {
      const state = foldCase(history());
      for (const person of PEOPLE) {
        const available = availableActions(state, person);
        // Consult actions are judged per consult (its consultant holds it): the board tests cover them.
        for (const action of CASE_ACTIONS.filter((a) => !PER_CONSULT.includes(a))) {
          const verdict = judge(person, action, state);
          const outcome = (() => {
            try {
              decide(state, commandFor(action, state), person, t + 60_000, 'Europe/Rome', BOARD);
              return null;
            } catch (err) {
              if (err instanceof Refusal) return err.reason;
              throw err;
            }
          })();
          const where = `${name} · ${person.id} · ${action}`;
          if (available.includes(action)) expect(outcome, where).toBeNull();
          // A second Claim by the doctor who holds the case is a double click: it changes nothing.
          else if (!verdict.allowed && verdict.reason.key === 'already_held' && verdict.reason.holder === person.id) expect(outcome, where).toBeNull();
          else if (!verdict.allowed) expect(outcome, where).toEqual(verdict.reason);
        }
      }
    }
  });

  it('a ready case: a doctor is shown Claim as the next step, a coordinator Assign, a manager nothing to do', () => {
    const ready = foldCase(HISTORIES.ready!());
    expect(primaryAction(ready, doctor)).toBe('claim');
    expect(primaryAction(ready, coordinator)).toBe('assign');
    expect(primaryAction(ready, manager)).toBeNull();
  });

  it('the card in the channel offers one primary action per open state, and only Details once the case is closed', () => {
    const primaries = Object.fromEntries(Object.entries(HISTORIES).map(([name, h]) => [name, primaryAction(foldCase(h()))]));
    expect(primaries).toEqual({
      'intake, nothing received': 'record_documents',
      'ready, payment pending': 'claim',
      ready: 'claim',
      // Delivery waits for the payment: the next thing to do on the card is the coordinator's.
      'in review, payment pending': 'confirm_payment',
      in_review: 'deliver',
      awaiting_info: 'info_received',
      delivered: null,
      cancelled: null,
    });
    expect(offeredActions(foldCase(HISTORIES.delivered!())).map((o) => o.action)).toEqual(['view_details']);
    expect(offeredActions(foldCase(HISTORIES.cancelled!())).map((o) => o.action)).toEqual(['view_details']);
  });

  it('the doctor holding a case sees Deliver; another doctor sees no action on it but Details', () => {
    const held = foldCase(HISTORIES.in_review!());
    expect(offeredActions(held, doctor).map((o) => o.action)).toEqual(['deliver', 'request_info', 'release', 'request_consult', 'view_details']);
    expect(offeredActions(held, otherDoctor).map((o) => o.action)).toEqual(['view_details']);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { foldCase, slaTimeline } from '../../src/domain/case.js';
import { type NewCaseEvent } from '../../src/domain/events.js';
import { decide, decideCreate, type CaseCommand } from '../../src/domain/commands.js';
import { parseWorkingDuration } from '../../src/domain/duration.js';
import {
  DEFAULT_NOTIFICATION_THRESHOLDS,
  planCaseNotifications,
  SNOOZABLE_KINDS,
  snoozedReminderApplies,
  snoozeUntil,
  type NotificationThresholds,
} from '../../src/domain/notification-policy.js';
import { slaStatus } from '../../src/domain/sla.js';
import { coordinator, doctor, everyDocument, portal } from '../support/factories.js';
import { rome, showRome } from '../support/time.js';

const cal = new WorkingCalendar(DEFAULT_CALENDAR);
const TARGET = 5 * cal.workingDayMs;
const thresholds = Object.fromEntries(
  Object.entries(DEFAULT_NOTIFICATION_THRESHOLDS).map(([k, v]) => [k, parseWorkingDuration(v)!]),
) as unknown as NotificationThresholds;

/** A case history built step by step: `at(instant, actor, command)`. */
class History {
  events: NewCaseEvent[] = [];
  constructor(createdAt: string, documentsAt: string | null) {
    this.events = decideCreate(
      { applicantType: 'patient', pathologyArea: 'eye', language: 'en', imageReview: false, deliveryChannel: 'email', expectedCents: 50_000 },
      documentsAt ? everyDocument(rome(documentsAt)) : [],
      portal,
      rome(createdAt),
    );
  }
  at(when: string, actor: typeof doctor, command: CaseCommand): this {
    this.events.push(...decide(foldCase(this.events), command, actor, rome(when), 'Europe/Rome'));
    return this;
  }
  /** What is planned when looked at `now`: "kind#occurrence sendAt" lines. */
  plan(now: string): string[] {
    const state = foldCase(this.events);
    const sla = slaStatus(cal, slaTimeline(state), rome(now), TARGET);
    return planCaseNotifications(cal, thresholds, { state, sla, nowMs: rome(now), targetWorkingMs: TARGET })
      .map((p) => `${p.kind}#${p.occurrence} ${showRome(p.sendAtMs)}`)
      .sort();
  }
}

const paid = { type: 'confirm_payment', receivedCents: 50_000, valueDate: '2026-11-27', bankReference: 'CRO', reason: null } as const;

describe('notification policy: each row at the right instant', () => {
  it('unclaimed after 4 working hours (thread), escalated after 1 working day (managers), counted from complete documents', () => {
    // The payment is confirmed beside the review: confirming it does not restart the wait for a reviewer.
    const h = new History('2026-11-30 09:00', '2026-11-30 09:00').at('2026-11-30 10:00', coordinator, paid);
    expect(h.plan('2026-11-30 10:00')).toEqual([
      'breached#1 Mon 2026-12-07 09:00',
      // Nobody holds it, so nobody is reminded; its card still changes at these thresholds (SPEC section 5).
      'card_due_imminent#1 Fri 2026-12-04 15:00',
      'card_due_soon#1 Fri 2026-12-04 09:00',
      'unclaimed#1 Mon 2026-11-30 13:00',
      'unclaimed_escalation#1 Tue 2026-12-01 09:00',
    ]);
  });

  it('a release starts a new wait for a reviewer, from the instant of the release', () => {
    const h = new History('2026-11-30 09:00', '2026-11-30 09:00')
      .at('2026-11-30 10:00', doctor, { type: 'claim' })
      .at('2026-12-01 11:00', doctor, { type: 'release' });
    expect(h.plan('2026-12-01 11:00').filter((l) => l.startsWith('unclaimed'))).toEqual([
      'unclaimed#2 Tue 2026-12-01 15:00',
      'unclaimed_escalation#2 Wed 2026-12-02 11:00',
    ]);
  });

  it('a claim cancels the unclaimed reminders and plans due soon, due imminent and the breach', () => {
    const h = new History('2026-11-30 09:00', '2026-11-30 09:00').at('2026-11-30 10:00', coordinator, paid).at('2026-11-30 11:00', doctor, { type: 'claim' });
    // Due Fri 4 Dec 18:00. One working day before is Thu 18:00, a closing instant: sent at Friday's opening.
    expect(h.plan('2026-11-30 11:00')).toEqual([
      'breached#1 Mon 2026-12-07 09:00',
      'due_imminent#1 Fri 2026-12-04 15:00',
      'due_soon#1 Fri 2026-12-04 09:00',
    ]);
  });

  it('a breach repeats every working day while the case is open, never outside working hours', () => {
    const h = new History('2026-11-30 09:00', '2026-11-30 09:00').at('2026-11-30 10:00', coordinator, paid).at('2026-11-30 11:00', doctor, { type: 'claim' });
    // Due Fri 18:00 → first at Mon 09:00; then Mon 18:00 → Thu 10 Dec 09:00 (8 and 9 December are closed).
    expect(h.plan('2026-12-07 09:30').filter((l) => l.startsWith('breached'))).toEqual([
      'breached#1 Mon 2026-12-07 09:00',
      'breached#2 Thu 2026-12-10 09:00',
    ]);
    // Later, only the latest occurrence already due and the next one are planned.
    expect(h.plan('2026-12-10 12:00').filter((l) => l.startsWith('breached'))).toEqual([
      'breached#2 Thu 2026-12-10 09:00',
      'breached#3 Fri 2026-12-11 09:00',
    ]);
  });

  it('missed repeats collapse: a year-old receipt plans one overdue occurrence per repeating kind and the next, not hundreds', () => {
    const breach = new History('2026-11-30 09:00', '2025-12-01 09:00').at('2026-11-30 09:30', doctor, { type: 'claim' });
    const plan = breach.plan('2026-11-30 09:30');
    // Every row it plans: the latest breach reminder due, the next one, and the (single) payment reminder.
    expect(plan).toHaveLength(3);
    expect(plan.filter((l) => l.startsWith('breached#'))).toEqual(['breached#247 Mon 2026-11-30 09:00', 'breached#248 Tue 2026-12-01 09:00']);
    const stale = new History('2025-12-01 09:00', null);
    expect(stale.plan('2026-11-30 09:30').filter((l) => l.startsWith('intake_stale'))).toHaveLength(2);
  });

  it('due soon and due imminent are left out once their instant has passed: the breach says it instead', () => {
    const h = new History('2026-11-30 09:00', '2026-11-20 09:00').at('2026-11-30 09:30', doctor, { type: 'claim' });
    expect(h.plan('2026-11-30 09:30').map((l) => l.split('#')[0])).toEqual(['breached', 'breached', 'payment_pending']);
    // Due Fri 4 Dec 18:00: at Friday 16:00 "imminent" is due, "soon" (Friday 09:00) is stale.
    const g = new History('2026-11-30 09:00', '2026-11-30 09:00').at('2026-11-30 09:30', doctor, { type: 'claim' });
    expect(g.plan('2026-12-04 16:00').map((l) => l.split('#')[0])).toEqual(['breached', 'due_imminent', 'payment_pending']);
  });

  it('a pause cancels the SLA reminders and plans "awaiting info" every 2 working days; resuming re-plans', () => {
    const h = new History('2026-11-30 09:00', '2026-11-30 09:00')
      .at('2026-11-30 10:00', coordinator, paid)
      .at('2026-11-30 11:00', doctor, { type: 'claim' })
      .at('2026-12-01 10:00', doctor, { type: 'request_info', question: 'PSA?' });
    expect(h.plan('2026-12-01 10:00')).toEqual(['awaiting_info#1001 Thu 2026-12-03 10:00']);
    expect(h.plan('2026-12-03 11:00')).toEqual(['awaiting_info#1001 Thu 2026-12-03 10:00', 'awaiting_info#1002 Mon 2026-12-07 10:00']);
    h.at('2026-12-03 12:00', coordinator, { type: 'info_received', receivedAtMs: null });
    // Paused Tue 10:00 → Thu 12:00: 20 working hours. The due instant moves from Fri 4 Dec 18:00 by 20 working
    // hours, across the closed 8 and 9 December, to Fri 11 Dec 11:00.
    expect(h.plan('2026-12-03 12:00')).toEqual([
      'breached#1 Fri 2026-12-11 11:00',
      'due_imminent#1 Thu 2026-12-10 17:00',
      'due_soon#1 Thu 2026-12-10 11:00',
    ]);
  });

  it('intake stale after 5 working days, then every 5; payment pending 3 working days after the transfer copy', () => {
    const h = new History('2026-11-30 09:30', null).at('2026-11-30 10:00', coordinator, {
      type: 'record_documents',
      documents: [{ item: 'bank_transfer_copy', receivedAtMs: rome('2026-11-30 10:00') }],
    });
    expect(h.plan('2026-11-30 10:00')).toEqual(['intake_stale#1 Mon 2026-12-07 09:30', 'payment_pending#1 Thu 2026-12-03 10:00']);
    expect(h.plan('2026-12-07 10:00')).toContain('intake_stale#2 Wed 2026-12-16 09:30');
  });

  it('a notification due at 20:00 goes at the next opening', () => {
    // Ready at 17:00 on Friday: four working hours later is Monday 12:00; the escalation (1 working day) lands
    // exactly at closing on Monday 17:00… so ready at 17:30 puts it at Monday 17:30, inside hours.
    const h = new History('2026-12-04 17:00', '2026-12-04 17:00').at('2026-12-04 17:00', coordinator, paid);
    expect(h.plan('2026-12-04 17:00').filter((l) => l.startsWith('unclaimed#'))).toEqual(['unclaimed#1 Mon 2026-12-07 12:00']);
    // Payment pending due Saturday 20:00 by the calendar of a 7-day centre still waits for the next opening.
    expect(cal.nextWorkingInstant(rome('2026-12-05 20:00'))).toBe(rome('2026-12-07 09:00'));
  });

  it('delivery and cancellation cancel everything', () => {
    const h = new History('2026-11-30 09:00', '2026-11-30 09:00').at('2026-11-30 10:00', coordinator, paid).at('2026-11-30 11:00', doctor, { type: 'claim' });
    h.at('2026-12-01 11:00', doctor, { type: 'deliver' });
    expect(h.plan('2026-12-20 11:00')).toEqual([]);
    const c = new History('2026-11-30 09:00', null).at('2026-11-30 10:00', coordinator, { type: 'cancel', reason: 'withdrawn' });
    expect(c.plan('2026-12-20 11:00')).toEqual([]);
  });
});

describe('snooze: until when a reminder is put off', () => {
  const until = (choice: 'working_hour' | 'next_opening', now: string, deadline: string | null = null) => {
    const r = snoozeUntil(cal, choice, rome(now), deadline === null ? null : rome(deadline));
    return `${showRome(r.untilMs)}${r.atDeadline ? ' (deadline)' : ''}`;
  };

  it('one working hour counts working time only, and lands on an open instant', () => {
    expect(until('working_hour', '2026-12-04 10:05')).toBe('Fri 2026-12-04 11:05');
    expect(until('working_hour', '2026-12-04 17:30')).toBe('Mon 2026-12-07 09:30');
    // Exactly at closing: not at 18:00 (no reminder goes then), at the next opening.
    expect(until('working_hour', '2026-12-04 17:00')).toBe('Mon 2026-12-07 09:00');
    expect(until('working_hour', '2026-12-05 20:00')).toBe('Mon 2026-12-07 10:00');
  });

  it('the next opening skips closed days; before today\'s opening it is today\'s', () => {
    expect(until('next_opening', '2026-12-07 10:00')).toBe('Thu 2026-12-10 09:00'); // 8 Dec Immacolata, 9 Dec San Siro
    expect(until('next_opening', '2026-12-10 07:30')).toBe('Thu 2026-12-10 09:00');
  });

  it('never past the deadline still ahead; a deadline already passed does not shorten it', () => {
    expect(until('working_hour', '2026-12-07 09:30', '2026-12-07 10:00')).toBe('Mon 2026-12-07 10:00 (deadline)');
    expect(until('next_opening', '2026-12-04 16:00', '2026-12-07 10:00')).toBe('Mon 2026-12-07 09:00');
    expect(until('working_hour', '2026-12-07 10:30', '2026-12-07 10:00')).toBe('Mon 2026-12-07 11:30');
  });

  it('every kind read in a DM carries Snooze; the thread-only ones do not', () => {
    expect(SNOOZABLE_KINDS).toEqual(['due_soon', 'due_imminent', 'breached', 'awaiting_info', 'intake_stale', 'payment_pending', 'consult_due_soon', 'consult_overdue']);
  });

  it('a snoozed reminder comes back only while the plan still holds it, in the same episode', () => {
    const plan = [{ kind: 'awaiting_info' as const, occurrence: 2001, sendAtMs: 0 }];
    expect(snoozedReminderApplies(plan, 'awaiting_info', 2003)).toBe(true);
    // A later pause is another episode: the old chase has nothing to say about it.
    expect(snoozedReminderApplies(plan, 'awaiting_info', 1002)).toBe(false);
    expect(snoozedReminderApplies(plan, 'due_soon', 1)).toBe(false);
  });
});

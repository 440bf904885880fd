import { describe, expect, it } from 'vitest';
import { byUrgency, changesTodayQueue, todaySlot } from '../../src/domain/my-work.js';
import type { SlaStatus } from '../../src/domain/sla.js';

const HOUR = 3_600_000;
const sla = (state: SlaStatus['state'], remainingWorkingMs: number | null): SlaStatus => ({
  state,
  startedAtMs: remainingWorkingMs === null ? null : 0,
  dueAtMs: remainingWorkingMs === null ? null : 1,
  targetWorkingMs: 45 * HOUR,
  elapsedWorkingMs: 0,
  remainingWorkingMs,
  breached: remainingWorkingMs !== null && remainingWorkingMs < 0,
});

describe('a person\'s cases by urgency', () => {
  it('breached first (the latest first), then the soonest due, then paused, then not started', () => {
    const cases = [
      { id: 1, sla: sla('not_started', null) },
      { id: 2, sla: sla('paused', 2 * HOUR) },
      { id: 3, sla: sla('running', 20 * HOUR) },
      { id: 4, sla: sla('running', -1 * HOUR) },
      { id: 5, sla: sla('running', 3 * HOUR) },
      { id: 6, sla: sla('running', -9 * HOUR) },
      { id: 7, sla: sla('running', 0) },
    ];
    expect(byUrgency(cases).map((c) => c.id)).toEqual([6, 4, 7, 5, 3, 2, 1]);
  });
});

describe('the Today message', () => {
  it('moves when a case enters, changes or leaves its queue, not when it stays', () => {
    expect(changesTodayQueue(null, { status: 'intake' })).toBe(false);
    expect(changesTodayQueue(null, { status: 'ready' })).toBe(true);
    expect(changesTodayQueue({ status: 'intake' }, { status: 'ready' })).toBe(true);
    expect(changesTodayQueue({ status: 'ready' }, { status: 'in_review' })).toBe(true);
    expect(changesTodayQueue({ status: 'in_review' }, { status: 'awaiting_info' })).toBe(true);
    expect(changesTodayQueue({ status: 'in_review' }, { status: 'delivered' })).toBe(true);
    expect(changesTodayQueue({ status: 'in_review' }, { status: 'in_review' })).toBe(false);
    expect(changesTodayQueue({ status: 'intake' }, { status: 'cancelled' })).toBe(false);
  });

  it('asks for one refresh per slot, sent when the slot is over', () => {
    const every = 30_000;
    const a = todaySlot(1_000_000_000_000, every);
    expect(todaySlot(1_000_000_000_000 + 19_999, every)).toEqual(a);
    expect(a.sendAtMs).toBe(1_000_000_020_000);
    const b = todaySlot(a.sendAtMs, every);
    expect(b.key).not.toBe(a.key);
    expect(b.sendAtMs - a.sendAtMs).toBe(every);
  });
});

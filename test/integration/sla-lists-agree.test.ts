import { afterAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../src/services/cases.js';
import { startTestApp } from '../support/app.js';
import { caseInput, coordinator, doctor, everyDocument, portal } from '../support/factories.js';
import { rome } from '../support/time.js';

const app = await startTestApp({ role: 'web', now: '2026-12-18 12:00' });
afterAll(() => app.close());

/** A small deterministic generator, so a failure names cases that can be made again. */
function randomSource(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const HOUR = 3_600_000;

/** Cases whose documentation completed at random instants (weekends and the December holidays included), some claimed, some paused. */
async function generateCases(count: number): Promise<string[]> {
  const pick = randomSource(20261126);
  const references: string[] = [];
  const start = rome('2026-11-20 07:00');
  // Completed on a Saturday: due at a Friday's closing (18 Dec) and, over Christmas, a Monday's (28 Dec).
  const onTheEdge = [rome('2026-12-12 10:00'), rome('2026-12-19 15:00')];
  for (let i = 0; i < count; i++) {
    const completedAt = onTheEdge[i] ?? start + pick(28 * 24) * HOUR + pick(60) * 60_000;
    app.clock.set(completedAt + HOUR);
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(completedAt) }), portal);
    references.push(view.reference);
    const fate = i < onTheEdge.length ? 0 : pick(4);
    if (fate === 0) continue; // waits for a reviewer
    await app.cases.execute(view.reference, { type: 'claim' }, doctor);
    if (fate === 1) continue; // in review
    app.clock.set(completedAt + (2 + pick(30)) * HOUR);
    await app.cases.execute(view.reference, { type: 'request_info', question: 'The latest CT, please.' }, doctor);
    if (fate === 2) continue; // still paused
    app.clock.set(completedAt + (40 + pick(60)) * HOUR);
    await app.cases.execute(view.reference, { type: 'info_received', receivedAtMs: null }, coordinator);
  }
  return references;
}

const referencesOf = (items: readonly CaseView[]) => items.map((c) => c.reference).sort();

describe('the SQL lists agree with the SLA clock', () => {
  it('breached, due soon and paused list exactly the cases the domain says, at any instant (weekends, openings, closings, holidays)', async () => {
    const references = await generateCases(60);
    const dayMs = app.calendar.workingDayMs;
    for (const instant of [
      '2026-12-19 11:00', // Saturday
      '2026-12-21 09:00', // Monday at opening: no working time yet since Friday's closing
      '2026-12-21 09:30',
      '2026-12-23 18:00', // at closing
      '2026-12-24 13:15',
      '2026-12-26 10:00', // Santo Stefano, closed
      '2026-12-28 17:59',
      '2026-12-29 09:00', // Tuesday at opening, after a case due at Monday's closing
    ]) {
      app.clock.set(rome(instant));
      const views = await Promise.all(references.map((r) => app.cases.get(r)));
      const running = views.filter((v) => v.sla.state === 'running');
      const expected = {
        breached: referencesOf(running.filter((v) => v.sla.breached)),
        due: referencesOf(running.filter((v) => !v.sla.breached && (v.sla.remainingWorkingMs ?? Infinity) <= dayMs)),
        paused: referencesOf(views.filter((v) => v.sla.state === 'paused')),
      };
      const listed = {
        breached: referencesOf((await app.queries.page('breached', '', 1000)).items),
        due: referencesOf((await app.queries.page('due', '', 1000)).items),
        paused: referencesOf((await app.queries.page('paused', '', 1000)).items),
      };
      expect({ instant, ...listed }).toEqual({ instant, ...expected });
    }
  }, 120_000);
});

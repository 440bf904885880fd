import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openTalliesRepository } from '../../src/db/repositories/open-tallies.js';
import { startTestApp } from '../support/app.js';
import { caseInput, coordinator, doctor, everyDocument, otherDoctor, portal } from '../support/factories.js';
import { rome } from '../support/time.js';

const app = await startTestApp({ role: 'web', now: '2026-12-14 10:00' });
afterAll(() => app.close());

/** "Open now" as the digest and the report show it (read from the tallies PostgreSQL keeps). */
async function shown() {
  app.clock.set(rome('2026-12-14 10:00'));
  const digest = await app.digest.build();
  const report = await app.reports.sla({ fromDate: '2026-12-01', toDate: '2026-12-31' });
  const trend = await app.reports.weeklyTrend();
  return {
    byStatus: digest.counts,
    perHolder: Object.fromEntries(digest.openPerDoctor.map((d) => [d.userId, d.open])),
    total: report.total.openNow,
    byArea: Object.fromEntries(report.byArea.filter((a) => a.openNow > 0).map((a) => [a.area, a.openNow])),
    byDoctor: Object.fromEntries(report.byDoctor.filter((d) => d.openNow > 0).map((d) => [d.userId, d.openNow])),
    lastWeekEnd: trend.weeks.at(-1)!.openAtEnd,
  };
}

/** The same figures counted from the case rows themselves. */
async function counted() {
  const rows = await app.db.selectFrom('cases').select(['status', 'pathology_area', 'assignee']).where('status', 'in', ['intake', 'ready', 'in_review', 'awaiting_info']).execute();
  const tally = (key: (r: (typeof rows)[number]) => string | null, of = rows) => {
    const out: Record<string, number> = {};
    for (const r of of) {
      const k = key(r);
      if (k !== null) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  const held = rows.filter((r) => r.status === 'in_review' || r.status === 'awaiting_info');
  return {
    byStatus: { intake: 0, ready: 0, in_review: 0, awaiting_info: 0, ...tally((r) => r.status) },
    perHolder: tally((r) => r.assignee, held),
    total: rows.length,
    byArea: tally((r) => r.pathology_area),
    byDoctor: tally((r) => r.assignee),
    // Everything happened last week: open at its end is open now.
    lastWeekEnd: rows.length,
  };
}

describe('open cases counted by PostgreSQL (the tallies behind the digest and the report)', () => {
  it('agree with the case rows through claims, pauses, cancellations, a fold and a statement changing many cases', async () => {
    const references: string[] = [];
    const areas = ['prostate', 'sarcoma', 'prostate', 'eye', 'sarcoma', 'prostate'];
    for (const [i, pathologyArea] of areas.entries()) {
      app.clock.set(rome('2026-12-10 10:00') + i * 60_000);
      const documents = i === 5 ? [] : everyDocument(app.clock.now());
      references.push((await app.cases.create(caseInput({ pathologyArea, documents }), portal)).view.reference);
    }
    app.clock.set(rome('2026-12-10 11:00'));
    await app.cases.execute(references[0]!, { type: 'claim' }, doctor);
    await app.cases.execute(references[1]!, { type: 'claim' }, doctor);
    await app.cases.execute(references[2]!, { type: 'claim' }, otherDoctor);
    await app.cases.execute(references[1]!, { type: 'request_info', question: 'The latest CT, please.' }, doctor);
    await app.cases.execute(references[3]!, { type: 'cancel', reason: 'withdrawn by the patient' }, coordinator);
    await app.cases.execute(references[2]!, { type: 'release' }, otherDoctor);
    expect(await shown()).toEqual(await counted());
    expect((await shown()).byStatus).toEqual({ intake: 1, ready: 2, in_review: 1, awaiting_info: 1 });

    const rows = await openTalliesRepository(app.db).fold();
    const groups = await app.db.selectFrom('open_case_tallies').select(['status', 'pathology_area', 'assignee']).execute();
    expect(new Set(groups.map((g) => JSON.stringify(g))).size).toBe(rows); // one row per group left
    expect(await shown()).toEqual(await counted());

    // One statement moving several cases at once (as a data fix or a migration might).
    await sql`UPDATE cases SET assignee = 'UDOC00009' WHERE status IN ('in_review', 'awaiting_info')`.execute(app.db);
    expect((await shown()).perHolder).toEqual({ UDOC00009: 2 });
    expect(await shown()).toEqual(await counted());
  });

  it('cases cannot be truncated behind the tallies\' back', async () => {
    await expect(sql`TRUNCATE cases CASCADE`.execute(app.db)).rejects.toThrow(/open_case_tallies/);
  });
});

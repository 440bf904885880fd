import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { talliesRepository } from '../../src/db/repositories/tallies.js';
import { weeksEndingBefore } from '../../src/domain/report-period.js';
import { startTestApp } from '../support/app.js';
import { caseInput, coordinator, doctor, everyDocument, otherDoctor, portal } from '../support/factories.js';
import { rome } from '../support/time.js';

const app = await startTestApp({ role: 'web', now: '2026-12-14 10:00' });
afterAll(() => app.close());

/** "Open now" as the digest, the report and a manager's App Home show it, and open at each week's end as the chart does (read from the tallies PostgreSQL keeps). */
async function shown() {
  app.clock.set(rome('2026-12-14 10:00'));
  const digest = await app.digest.build();
  const report = await app.reports.sla({ fromDate: '2026-12-01', toDate: '2026-12-31' });
  const trend = await app.reports.weeklyTrend();
  return {
    byStatus: digest.counts,
    perHolder: Object.fromEntries(digest.openPerDoctor.map((d) => [d.userId, d.open])),
    total: report.total.openNow,
    listed: await app.queries.count('all', ''),
    byArea: Object.fromEntries(report.byArea.filter((a) => a.openNow > 0).map((a) => [a.area, a.openNow])),
    byDoctor: Object.fromEntries(report.byDoctor.filter((d) => d.openNow > 0).map((d) => [d.userId, d.openNow])),
    weekEnds: trend.weeks.map((w) => w.openAtEnd),
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
    listed: rows.length,
    byArea: tally((r) => r.pathology_area),
    byDoctor: tally((r) => r.assignee),
    weekEnds: await Promise.all(
      weeksEndingBefore(app.calendar, rome('2026-12-14 10:00'), 12).map(async (w) => {
        const end = new Date(w.endMs);
        const row = await app.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('created_at', '<', end)
          .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', end)]))
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }),
    ),
  };
}

describe('open cases counted by PostgreSQL (the tallies behind the digest and the report)', () => {
  it('agree with the case rows through claims, pauses, cancellations, a fold and a statement changing many cases', async () => {
    const references: string[] = [];
    const areas = ['prostate', 'sarcoma', 'prostate', 'eye', 'sarcoma', 'prostate', 'eye', 'sarcoma'];
    // Created over the weeks of the chart (one on a Sunday evening, an hour before the week ends).
    const createdAt = ['2026-12-10 10:00', '2026-12-10 10:01', '2026-12-10 10:02', '2026-11-19 16:00', '2026-12-06 23:30', '2026-12-10 10:05', '2026-11-02 09:00', '2026-12-13 23:10'];
    for (const [i, pathologyArea] of areas.entries()) {
      app.clock.set(rome(createdAt[i]!));
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
    expect((await shown()).byStatus).toEqual({ intake: 1, ready: 4, in_review: 1, awaiting_info: 1 });
    expect((await shown()).weekEnds.slice(-6)).toEqual([1, 1, 2, 2, 3, 7]);

    const rows = await talliesRepository(app.db).fold();
    const groups = await app.db.selectFrom('open_case_tallies').select(['status', 'pathology_area', 'assignee']).execute();
    expect(new Set(groups.map((g) => JSON.stringify(g))).size).toBe(rows.open); // one row per group left
    const hours = await app.db.selectFrom('case_created_hours').select('hour').execute();
    expect(new Set(hours.map((h) => h.hour.getTime())).size).toBe(rows.createdHours);
    expect(await shown()).toEqual(await counted());

    // One statement moving several cases at once (as a data fix or a migration might).
    await sql`UPDATE cases SET assignee = 'UDOC00009' WHERE status IN ('in_review', 'awaiting_info')`.execute(app.db);
    expect((await shown()).perHolder).toEqual({ UDOC00009: 2 });
    expect(await shown()).toEqual(await counted());
    await sql`UPDATE cases SET created_at = created_at - interval '14 days' WHERE reference = ${references[0]!}`.execute(app.db);
    expect(await shown()).toEqual(await counted());
  });

  it('cases cannot be truncated behind the tallies\' back', async () => {
    await expect(sql`TRUNCATE cases CASCADE`.execute(app.db)).rejects.toThrow(/open_case_tallies/);
  });
});

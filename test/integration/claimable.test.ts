import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp } from '../support/app.js';
import { caseInput, everyDocument, portal } from '../support/factories.js';
import { rome } from '../support/time.js';

const app = await startTestApp({ role: 'web', now: '2026-12-14 09:00' });
afterAll(() => app.close());

const DOCTOR = 'UDOCCLAIM1';

describe("a doctor's claimable cases", () => {
  it('lists the cases waiting for a reviewer in every area the doctor covers, soonest due first, and counts them all', async () => {
    await app.staff.grant({ id: ADMIN, roles: new Set(['admin']) }, DOCTOR, 'doctor', ['prostate', 'sarcoma'], 'Dr Two Areas');
    const made: { reference: string; area: string }[] = [];
    // Documentation completed an hour apart, areas interleaved: the areas' lists must be merged by due instant.
    const areas = ['sarcoma', 'prostate', 'eye', 'prostate', 'sarcoma', 'sarcoma', 'eye', 'prostate'];
    for (const [i, pathologyArea] of areas.entries()) {
      app.clock.set(rome('2026-12-14 09:00') + i * 3_600_000);
      const { view } = await app.cases.create(caseInput({ pathologyArea, documents: everyDocument(app.clock.now()) }), portal);
      made.push({ reference: view.reference, area: pathologyArea });
    }
    app.clock.set(rome('2026-12-14 18:00'));
    const mine = made.filter((c) => c.area !== 'eye').map((c) => c.reference);

    const page = await app.queries.page('claimable', DOCTOR, 4);
    expect(page.total).toBe(6);
    expect(page.items.map((v) => v.reference)).toEqual(mine.slice(0, 4));
    expect((await app.queries.list('claimable', DOCTOR, 30)).map((v) => v.reference)).toEqual(mine);
    expect(await app.queries.count('claimable', 'UNOBODY')).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { ACTIONS } from '../../src/slack/ids.js';
import { API_TOKEN } from '../support/app.js';
import { caseBody } from '../support/factories.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';

/** Odd input from outside (typos, extreme dates, attacks): a clear 4xx or message, never a stall or a 5xx. */
const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
});

interface Answer {
  status: number;
  body: { error?: string; issues?: { path: string; message: string }[]; reference?: string; checklist?: { item: string; receivedAt: string | null }[] };
}

async function post(path: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${app.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function reply(pending: { responseId: string; answer: Promise<{ status: number }> }): Promise<string> {
  expect((await pending.answer).status).toBe(200);
  return String((await waitFor(() => app.standIn.reply(pending.responseId))).body.text);
}

describe('extreme dates', () => {
  it('/so when 1000-01-01 09:00 answers at once with a clear error, and other users\u2019 clicks still work', async () => {
    const created = await post('/cases', caseBody({
      imageReview: false,
      documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-27T10:00:00+01:00' })),
    }));
    const ref = String(created.body.reference);
    await app.cases.execute(
      ref,
      { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO 1', reason: null },
      await app.staff.actor(COORD),
    );
    const when = slack.command(COORD, 'when 1000-01-01 09:00');
    const claim = slack.click(DOC, ACTIONS.claim, ref);
    expect((await claim.answer).status).toBe(200);
    expect(await reply(when)).toBe('Give an instant within two years of today, e.g. `/so when 2026-12-04 16:00`.');
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
  });

  it('a receipt dated in the year 1000 is a 400 naming the field', async () => {
    const res = await post('/cases', caseBody({ documents: [{ item: 'privacy_consent', receivedAt: '1000-01-01T10:00:00+01:00' }] }));
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'documents.0.receivedAt', message: 'The instant is more than a year before the case was created.' },
    ]);
  });

  it('a receipt instant without an offset is read as Rome time', async () => {
    const res = await post('/cases', caseBody({ documents: [{ item: 'privacy_consent', receivedAt: '2026-11-27T16:00:00' }] }));
    expect(res.status).toBe(201);
    expect(res.body.checklist?.find((c) => c.item === 'privacy_consent')?.receivedAt).toBe(new Date(rome('2026-11-27 16:00')).toISOString());
    const dateAlone = await post(`/cases/${res.body.reference}/documents`, { documents: [{ item: 'request_form', receivedAt: '2026-11-27' }] });
    expect(dateAlone.body.checklist?.find((c) => c.item === 'request_form')?.receivedAt).toBe(new Date(rome('2026-11-27 09:00')).toISOString());
  });

  it('a birth date 0000-01-01 or 2026-02-31 is a 400 naming the field', async () => {
    for (const birthDate of ['0000-01-01', '2026-02-31']) {
      const res = await post('/cases', caseBody({ patient: { name: 'Maria Rossi', birthDate } }));
      expect(res.status, birthDate).toBe(400);
      expect(res.body.issues?.map((i) => i.path)).toEqual(['patient.birthDate']);
    }
  });

  it('a payment with today\u2019s value date is accepted just after midnight in Rome (still yesterday in UTC)', async () => {
    const created = await post('/cases', caseBody());
    app.clock.set(rome('2026-12-01 00:30'));
    try {
      const { view } = await app.cases.execute(
        String(created.body.reference),
        { type: 'confirm_payment', receivedCents: 66_800, valueDate: '2026-12-01', bankReference: 'CRO 7', reason: null },
        await app.staff.actor(COORD),
      );
      expect(view.state.payment.state).toBe('confirmed');
      await expect(
        app.cases.execute(
          String(created.body.reference),
          { type: 'confirm_payment', receivedCents: 66_800, valueDate: '2026-02-31', bankReference: 'CRO 8', reason: null },
          await app.staff.actor(COORD),
        ),
      ).rejects.toThrow();
    } finally {
      app.clock.set(rome('2026-11-30 09:30'));
    }
  });
});

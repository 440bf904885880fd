import { beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { createLogger } from '../../src/logger.js';
import { BLOCKS, CALLBACKS } from '../../src/slack/ids.js';
import { API_TOKEN } from '../support/app.js';
import { input, newCaseForm } from '../support/slack-requests.js';
import { caseBody } from '../support/factories.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

/** Odd input from outside (typos, extreme dates, attacks): a clear 4xx or message, never a stall or a 5xx. */
// Everything the app logs, at debug level, is kept to be scanned for what clients sent.
const logLines: string[] = [];
const app = await startSlackTestApp({
  now: '2026-11-30 09:30',
  logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
});
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

async function send(body: string | Uint8Array, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

async function caseRows(): Promise<number> {
  const { n } = await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
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
    const claim = slack.click(DOC, buttonOf('claim'), ref);
    expect((await claim.answer).status).toBe(200);
    expect(await reply(when)).toBe('Give a date within two years of today, e.g. `/so when 2026-12-04 16:00`.');
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
  });

  it('a receipt dated in the year 1000 is a 400 naming the field', async () => {
    const res = await post('/cases', caseBody({ documents: [{ item: 'privacy_consent', receivedAt: '1000-01-01T10:00:00+01:00' }] }));
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'documents.0.receivedAt', message: 'This is more than a year before the case was created.' },
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

describe('control characters and broken bodies', () => {
  it('a NUL in the name, the notes or the externalId is a 400 naming the field, and nothing logged contains the text', async () => {
    const secret = 'Suspected recurrence, PSA 4.2';
    const bodies: [string, Record<string, unknown>][] = [
      ['patient.name', caseBody({ patient: { name: `Maria\u0000 Rossi ${secret}`, birthDate: '1961-04-02' } })],
      ['notes', caseBody({ notes: `${secret}\u0000` })],
      ['externalId', caseBody({ externalId: `web-\u0000-${secret}` })],
      ['applicant.name', caseBody({ applicant: { type: 'patient', name: `\u001b[31m${secret}` } })],
    ];
    const before = await caseRows();
    for (const [field, body] of bodies) {
      const res = await post('/cases', body);
      expect(res.status, field).toBe(400);
      expect(res.body.issues, field).toEqual([{ path: field, message: 'Contains control characters (such as NUL); remove them.' }]);
    }
    expect(await caseRows()).toBe(before);
    expect(logLines.join('\n')).not.toContain('PSA 4.2');
  });

  it('a database error is logged with its code but without the values of the statement or the row', async () => {
    const lines: string[] = [];
    const logger = createLogger('error', { write: (line: string) => void lines.push(line) });
    const nul = await sql`select ${'Question: PSA 4.2 after RT\u0000'}::text as t`.execute(app.db).catch((e: unknown) => e);
    const date = await sql`select ${'0000-01-01 Maria Rossi'}::date as d`.execute(app.db).catch((e: unknown) => e);
    logger.error({ err: nul }, 'query failed');
    logger.error({ err: date }, 'query failed');
    const logged = lines.join('\n');
    expect(logged).toContain('22021');
    expect(logged).toContain('22007');
    expect(logged).not.toContain('PSA 4.2');
    expect(logged).not.toContain('Maria Rossi');
  });

  it('a bad gzip body is a 400, an unknown charset a 415, a body too large a 413; none is a 500', async () => {
    const json = JSON.stringify(caseBody());
    expect((await send('not gzip at all', { 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await send(gzipSync(json).subarray(0, 20), { 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await send(json, { 'content-type': 'application/json; charset=klingon' })).status).toBe(415);
    expect((await send(json, { 'content-encoding': 'br-unknown' })).status).toBe(415);
    expect((await send(`{"notes": "${'x'.repeat(2_000_000)}"}`, {})).status).toBe(413);
    expect((await send(gzipSync(json), { 'content-encoding': 'gzip' })).status).toBe(201);
  });
});

describe('modal input obeys the same rules as the API', () => {

  it('a new case with a blank name, an over-long field or an unknown channel gets an error on each field; nothing is created', async () => {
    const before = await caseRows();
    const res = await slack.submit(COORD, CALLBACKS.newCase, newCaseForm({
      [BLOCKS.patientName]: input.text('   '),
      [BLOCKS.taxCode]: input.text('X'.repeat(40)),
      [BLOCKS.notes]: input.text('ok\u0000'),
      [BLOCKS.deliveryChannel]: input.select('pigeon'),
    }));
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: {
        [BLOCKS.patientName]: 'This field is required.',
        [BLOCKS.taxCode]: 'At most 32 characters.',
        [BLOCKS.notes]: 'Contains control characters (such as NUL); remove them.',
        [BLOCKS.deliveryChannel]: 'Expected one of email, pec, courier, hand.',
      },
    });
    expect(await caseRows()).toBe(before);
  });

  it('a cancellation reason with a NUL gets an error on its field', async () => {
    const created = await post('/cases', caseBody());
    const res = await slack.submit(COORD, formOf('cancel'), { [BLOCKS.reason]: input.text('duplicate\u0000') }, { reference: created.body.reference });
    expect(res.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.reason]: 'Contains control characters (such as NUL); remove them.' } });
    expect((await app.cases.get(String(created.body.reference))).state.status).toBe('intake');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { BLOCKS } from '../../src/slack/ids.js';
import { paidReadyCase } from '../support/ready-case.js';
import { input } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

/** The modals guide through Slack's own payloads: errors under their field, Deliver's instant and tracking number. */

const app = await startSlackTestApp({ now: '2026-12-04 11:00' });
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const TRACKING = '1Z999AA10123456784';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator', [], 'Anna Conti');
  await app.grant(DOC, 'doctor', ['head_and_neck', 'prostate'], 'Dr Bianchi');
});

/** The modal a click opened, as Slack shows it. */
async function opened(user: string, action: string, reference: string): Promise<{ blocks: unknown[] }> {
  const before = app.standIn.callsOf('views.open').length;
  await slack.click(user, action, reference).answer;
  const call = await waitFor(() => app.standIn.callsOf('views.open').slice(before).at(-1));
  return call.body.view as { blocks: unknown[] };
}

async function heldCase(): Promise<string> {
  const ref = await paidReadyCase(app, COORD);
  await app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(DOC));
  await app.settle();
  return ref;
}

describe('each error under the field it concerns', () => {
  it('"nothing chosen" on a complete case sits under the documents to correct, never under the instant', async () => {
    const ref = await paidReadyCase(app, COORD);
    const view = await opened(COORD, buttonOf('record_documents'), ref);
    const answer = await slack.submit(COORD, formOf('record_documents'), {}, { reference: ref }, view);
    expect(answer.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.correctItems]: 'Tick a received document or choose one to reject.' } });
  });
});

describe('Deliver', () => {
  it('records when the opinion left (earlier than now) and the courier tracking number, shown in Details and in no channel', async () => {
    const ref = await heldCase();
    const view = await opened(DOC, buttonOf('deliver'), ref);
    const callsBefore = app.standIn.calls.length;
    const answer = await slack.submit(
      DOC,
      formOf('deliver'),
      { [BLOCKS.deliveredAt]: input.dateTime(rome('2026-12-03 17:00')), [BLOCKS.courierTracking]: input.text(` ${TRACKING} `) },
      { reference: ref },
      view,
    );
    expect(answer.json).toBeNull();
    const state = (await app.cases.get(ref)).state;
    expect(state.status).toBe('delivered');
    expect(state.deliveredAtMs).toBe(rome('2026-12-03 17:00'));
    expect(state.courierTracking).toBe(TRACKING);
    const event = await app.db.selectFrom('case_events').selectAll().where('type', '=', 'delivered').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(new Date(event.effective_at).getTime()).toBe(rome('2026-12-03 17:00'));
    expect(JSON.stringify(event.data)).toContain(TRACKING);
    await app.settle();
    const thread = app.standIn.calls.slice(callsBefore).filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts);
    expect(thread.map((c) => String(c.body.text))).toContain(`Dr Bianchi marked the opinion delivered on Thu 3 Dec 2026 17:00 (on time).`);
    expect(app.standIn.calls.slice(callsBefore).filter((c) => JSON.stringify(c.body).includes(TRACKING))).toEqual([]);

    const details = JSON.stringify((await opened(COORD, buttonOf('view_details'), ref)).blocks);
    expect(details).toContain(`*Courier tracking number*: ${TRACKING}`);
    expect(details).toContain('*Delivered at*: Thu 3 Dec 2026 17:00');
  });

  it('refuses, under "Delivered at", an instant in the future or before the documentation was complete', async () => {
    const ref = await heldCase();
    const view = await opened(DOC, buttonOf('deliver'), ref);
    const future = await slack.submit(DOC, formOf('deliver'), { [BLOCKS.deliveredAt]: input.dateTime(rome('2026-12-04 15:00')) }, { reference: ref }, view);
    expect(future.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.deliveredAt]: 'This cannot be in the future.' } });
    const early = await slack.submit(DOC, formOf('deliver'), { [BLOCKS.deliveredAt]: input.dateTime(rome('2026-11-26 12:00')) }, { reference: ref }, view);
    expect(early.json).toMatchObject({ response_action: 'errors', errors: { [BLOCKS.deliveredAt]: expect.stringContaining('before the documentation was complete') } });
    expect((await app.cases.get(ref)).state.status).toBe('in_review');
    // Left at its default (now), it is delivered now.
    expect((await slack.submit(DOC, formOf('deliver'), {}, { reference: ref }, view)).json).toBeNull();
    expect((await app.cases.get(ref)).state.deliveredAtMs).toBe(Math.floor(rome('2026-12-04 11:00') / 1000) * 1000);
  });
});

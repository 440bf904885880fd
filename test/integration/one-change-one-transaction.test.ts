import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOCKS } from '../../src/slack/ids.js';
import { caseViaApi } from '../support/ready-case.js';
import { startSlackTestApp } from '../support/slack-app.js';
import { input } from '../support/slack-requests.js';
import { rome } from '../support/time.js';
import { formOf } from '../../src/slack/actions/registry.js';

const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
const COORD = 'UCOORD0001';
beforeAll(() => app.grant(COORD, 'coordinator'));

/** What a submission could have changed: the history, the checklist rows, the derived state. */
async function snapshot(reference: string) {
  const { id, state } = await app.cases.get(reference);
  const events = await app.db.selectFrom('case_events').select(['type', 'data']).where('case_id', '=', id).orderBy('id').execute();
  const checklist = await app.db.selectFrom('checklist_items').selectAll().where('case_id', '=', id).orderBy('item').execute();
  const row = await app.db.selectFrom('cases').select(['status', 'sla_due_at']).where('id', '=', id).executeTakeFirstOrThrow();
  return { events, checklist, row, status: state.status };
}

/** The documents form: the request form received this morning, the privacy consent rejected. */
const receiveAndReject = (reference: string) =>
  app.user.submit(
    COORD,
    formOf('record_documents'),
    {
      [BLOCKS.receivedItems]: input.checks('request_form'),
      [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 09:00')),
      [BLOCKS.rejectItem]: input.checks('privacy_consent'),
      [BLOCKS.rejectReason]: input.select('not_countersigned'),
    },
    { reference },
  );

describe('one change, one transaction', () => {
  it('the documents form writes its receipts and its rejections together: when the rejection cannot be written, nothing of the change stays', async () => {
    const ref = await caseViaApi(app, { documents: [{ item: 'privacy_consent', receivedAt: '2026-11-27T10:00:00+01:00' }] });
    await app.settle();
    const before = await snapshot(ref);
    const cardUpdates = app.standIn.callsOf('chat.update').length;

    // A real failure of the second write: PostgreSQL itself refuses to store a rejection.
    await sql`CREATE FUNCTION test_refuse_rejections() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the test refuses to store rejections'; END $$`.execute(app.db);
    await sql`CREATE TRIGGER test_refuse_rejections BEFORE INSERT ON case_events FOR EACH ROW
      WHEN (NEW.type = 'document_rejected') EXECUTE FUNCTION test_refuse_rejections()`.execute(app.db);
    let failed: Awaited<ReturnType<typeof receiveAndReject>>;
    try {
      failed = await receiveAndReject(ref);
    } finally {
      await sql`DROP TRIGGER test_refuse_rejections ON case_events`.execute(app.db);
      await sql`DROP FUNCTION test_refuse_rejections()`.execute(app.db);
    }

    // The coordinator reads, in the form, that nothing was saved…
    expect(failed.status).toBe(200);
    expect(failed.json).toMatchObject({
      response_action: 'update',
      view: { blocks: [{ text: { text: 'The form could not be saved: nothing was changed. Please try again shortly; if it keeps failing, tell the IT team.' } }] },
    });
    // …and it is so: the receipt recorded first is not there either, and no card or thread line went out.
    await app.settle();
    expect(await snapshot(ref)).toEqual(before);
    expect(app.standIn.callsOf('chat.update')).toHaveLength(cardUpdates);

    // The same form, once the database takes it, applies both as one change.
    expect((await receiveAndReject(ref)).json).toBeNull();
    const after = await snapshot(ref);
    expect(after.events.slice(before.events.length).map((e) => e.type)).toEqual(['document_received', 'document_rejected']);
    expect(after.checklist.filter((c) => ['request_form', 'privacy_consent'].includes(c.item)).map((c) => [c.item, c.state])).toEqual([
      ['privacy_consent', 'rejected'],
      ['request_form', 'received'],
    ]);
  });
});

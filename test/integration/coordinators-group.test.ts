import { beforeAll, describe, expect, it } from 'vitest';
import { tellCoordinators } from '../../src/slack/coordinators.js';
import { caseInput, coordinator, doctor, everyDocument, portal } from '../support/factories.js';
import { startSlackTestApp } from '../support/slack-app.js';
import { rome } from '../support/time.js';

/** With SLACK_COORDINATORS_GROUP set, what asks coordinators to act mentions their user group, once. */
const app = await startSlackTestApp({ now: '2026-11-30 10:00', env: { SLACK_COORDINATORS_GROUP: 'S0COORD01' } });

beforeAll(async () => {
  await app.grant(coordinator.id, 'coordinator', [], 'Anna Neri');
  await app.grant(doctor.id, 'doctor', ['prostate'], 'Dr Bianchi');
});

const posts = () => app.standIn.callsOf('chat.postMessage');

describe('the coordinators\' user group', () => {
  it('a request for information mentions the group in the case thread, and nobody gets a DM', async () => {
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 10:00')) }), portal);
    await app.cases.execute(view.reference, { type: 'claim' }, doctor);
    await app.cases.execute(view.reference, { type: 'request_info', question: 'PSA?' }, doctor);
    await app.settle();
    const mentions = posts().filter((c) => String(c.body.text).includes('<!subteam^S0COORD01>'));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]!.body.thread_ts).toBeTruthy();
    expect(mentions[0]!.body.reply_broadcast).toBe('false');
    expect(JSON.stringify(mentions[0]!.body.blocks)).toContain('<!subteam^S0COORD01> :telephone_receiver:');
    expect(posts().filter((c) => String(c.body.channel).startsWith('D'))).toEqual([]);
  });

  it('a notice about no case (an e-mail without a case) goes to the triage channel with the mention, once however often it is queued', async () => {
    for (let i = 0; i < 2; i++) {
      await app.db.transaction().execute((trx) =>
        tellCoordinators(trx, { caseId: null, text: 'An e-mail arrived that names no case.', dedupeKey: 'mail:test-1' }, { coordinatorsGroup: 'S0COORD01', triageChannel: 'CTRIAGE' }, app.clock.now()),
      );
    }
    await app.settle();
    const notice = posts().filter((c) => String(c.body.text).includes('names no case'));
    expect(notice.map((c) => [c.body.channel, c.body.text, c.body.thread_ts])).toEqual([['CTRIAGE', '<!subteam^S0COORD01> An e-mail arrived that names no case.', undefined]]);
  });
});

describe('the digest', () => {
  it('leaves out the sections with nothing in them', async () => {
    app.clock.set(rome('2026-12-01 08:30'));
    expect(await app.notifications!.sendDigest()).toBe(true);
    await app.settle();
    const digest = posts().find((c) => c.body.channel === 'CMANAGERS' && String(c.body.text).startsWith('SLA digest'))!;
    const text = JSON.stringify(digest.body.blocks);
    expect(text).toContain('Paused longest* (1)');
    expect(text).not.toContain('(0)');
    expect(text).not.toContain('None.');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { seedNovember } from '../support/report-fixture.js';
import { rome } from '../support/time.js';

const app = await startSlackTestApp({ now: '2026-10-05 09:00' });
const MGR = 'UMGR00001';
const DOC = 'UDOC00001';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PERSONAL = ['Maria Rossi', '1961-04-02'];

beforeAll(async () => {
  await app.grant(MGR, 'manager');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
  await seedNovember(app);
  await app.settle(20_000);
});

async function reply(pending: { responseId: string; answer: Promise<{ status: number }> }) {
  expect((await pending.answer).status).toBe(200);
  const call = await waitFor(() => app.standIn.reply(pending.responseId));
  return { text: String(call.body.text), blocks: JSON.stringify(call.body.blocks ?? []) };
}

/** The files shared by each files.uploadV2: the completion call and the bytes posted to the upload URLs. */
function uploads() {
  return app.standIn.callsOf('files.completeUploadExternal').map((c) => {
    const files = (typeof c.body.files === 'string' ? JSON.parse(c.body.files) : c.body.files) as { id: string; title: string }[];
    return {
      channel: String(c.body.channel_id),
      comment: String(c.body.initial_comment ?? ''),
      files: files.map((f) => ({ title: f.title, bytes: app.standIn.callsOf('file_upload').find((u) => u.body.fileId === f.id)!.raw! })),
    };
  });
}

describe('/so report in Slack', () => {
  it('a manager asks for November: the figures answer privately, the CSV and the 12-week chart come by DM', async () => {
    const before = uploads().length;
    const { text, blocks } = await reply(app.user.command(MGR, 'report 2026-11'));
    expect(text).toBe('SLA report Sun 1 Nov 2026 – Mon 30 Nov 2026: 3 delivered, on time 67%');
    expect(blocks).toContain('SLA report · Sun 1 Nov 2026 – Mon 30 Nov 2026');
    expect(blocks).toContain('*3* delivered · on time *67%*');
    expect(blocks).toContain('median 4.0 working days · 90th percentile 8.8 working days');
    expect(blocks).toContain('Paused: 1 time, 18.0 working hours');
    expect(blocks).toContain('Open now: 2 · breached now: 1');
    expect(blocks).toContain(`<@${DOC}>: 2 delivered, on time 50%`);
    expect(blocks).toContain('• Prostate: 2 delivered');
    expect(blocks).not.toContain('• prostate:');
    expect(blocks).toContain('come to you by direct message');

    await app.settle();
    const shared = uploads().slice(before);
    expect(shared).toHaveLength(1);
    expect(shared[0]!.channel).toBe(`D${MGR}`);
    expect(shared[0]!.comment).toContain('SLA report Sun 1 Nov 2026 – Mon 30 Nov 2026');
    const [csv, chart] = shared[0]!.files;
    expect(csv!.bytes.toString('utf8')).toContain('2026-11-01,2026-11-30,all,,,3,2,0.6667,4,8.8,1,18,2,1');
    expect(chart!.bytes.includes(PNG_SIGNATURE)).toBe(true);
    expect(chart!.title).toBe('SLA over the last 12 weeks (Mon 7 Sept 2026 – Sun 29 Nov 2026)');
    for (const p of PERSONAL) expect(app.standIn.everythingSent()).not.toContain(p);
  });

  it('a doctor is told the report is for managers and admins, and nothing is shared', async () => {
    const before = uploads().length;
    const { text } = await reply(app.user.command(DOC, 'report'));
    expect(text).toBe('This needs the role manager or admin.');
    await app.settle();
    expect(uploads()).toHaveLength(before);
  });

  it('a period that cannot be read is answered with how to write one', async () => {
    expect((await reply(app.user.command(MGR, 'report 2026-13'))).text).toContain('A month looks like 2026-11.');
    expect((await reply(app.user.command(MGR, 'report 2026-11-30 2026-11-01'))).text).toContain('The period ends before it starts.');
  });
});

describe("Monday's digest carries the chart", () => {
  it('on Monday the managers get the 12-week chart as a PNG after the digest; on Tuesday only the digest', async () => {
    const before = uploads().length;
    app.clock.set(rome('2026-11-30 08:30'));
    expect(await app.notifications!.sendDigest()).toBe(true);
    await app.settle();
    const monday = uploads().slice(before);
    expect(monday).toHaveLength(1);
    expect(monday[0]!.channel).toBe('CMANAGERS');
    expect(monday[0]!.comment).toBe('SLA over the last 12 weeks (Mon 7 Sept 2026 – Sun 29 Nov 2026)');
    expect(monday[0]!.files[0]!.bytes.includes(PNG_SIGNATURE)).toBe(true);

    app.clock.set(rome('2026-12-01 08:30'));
    expect(await app.notifications!.sendDigest()).toBe(true);
    await app.settle();
    expect(uploads()).toHaveLength(before + 1);
    const digests = app.standIn.callsOf('chat.postMessage').filter((x) => x.body.channel === 'CMANAGERS' && String(x.body.text).startsWith('SLA digest'));
    expect(digests).toHaveLength(2);
  });
});

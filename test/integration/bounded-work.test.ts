import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { paidReadyCase } from '../support/ready-case.js';
import { seedNovember } from '../support/report-fixture.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';

// What the app logs, in the order it happened: the access log says when an acknowledgement left,
// the queue of chart renders when each render started and finished.
const logLines: { msg: string; path?: string; task?: string }[] = [];
const app = await startSlackTestApp({
  now: '2026-10-05 09:00',
  env: { SLACK_CHART_RENDERS_AT_ONCE: '2' },
  logger: createLogger('debug', { write: (line: string) => void logLines.push(JSON.parse(line) as { msg: string }) }),
});
const ADMIN = 'UADMIN0001';
const MGR = 'UMGR00001';
const COORD = 'UCOORD0001';
const COORD2 = 'UCOORD0002';
const LEAVER = 'UDOCLEAV1';

beforeAll(async () => {
  await app.grant(MGR, 'manager');
  await app.grant(COORD, 'coordinator');
  await app.grant(COORD2, 'coordinator');
  await app.grant('UDOC00001', 'doctor', ['prostate'], 'Dr Bianchi');
  await seedNovember(app);
  await app.settle(20_000);
}, 60_000);

async function reply(pending: { responseId: string; answer: Promise<{ status: number }> }): Promise<string> {
  expect((await pending.answer).status).toBe(200);
  const call = await waitFor(() => app.standIn.reply(pending.responseId));
  return String(call.body.text);
}

describe('a burst of /so report', () => {
  it('every report is acknowledged before its chart is drawn, and at most 2 charts are drawn at once', async () => {
    const BURST = 12;
    logLines.length = 0;
    const uploadsBefore = app.standIn.callsOf('files.completeUploadExternal').length;
    const pending = Array.from({ length: BURST }, () => app.user.command(MGR, 'report 2026-11'));
    for (const p of pending) expect((await p.answer).status).toBe(200);
    await app.settle(60_000);

    // The order of events in the app, not their durations.
    const events = logLines.flatMap((l) =>
      l.msg === 'http request' && l.path === '/slack/events' ? ['ack'] : l.msg === 'chart render started' ? ['start'] : l.msg === 'chart render finished' ? ['end'] : [],
    );
    expect(events.filter((e) => e === 'ack')).toHaveLength(BURST);
    expect(events.filter((e) => e === 'start')).toHaveLength(BURST);
    let acks = 0;
    let started = 0;
    let running = 0;
    let peak = 0;
    for (const e of events) {
      if (e === 'ack') acks++;
      if (e === 'start') {
        started++;
        running++;
        peak = Math.max(peak, running);
        // Each render follows its own acknowledgement: the k-th render never starts before k acknowledgements.
        expect(acks).toBeGreaterThanOrEqual(started);
      }
      if (e === 'end') running--;
    }
    expect(peak).toBeLessThanOrEqual(2);
    expect(app.slack!.deps.chartRenders.peakRunning).toBeLessThanOrEqual(2);
    // Every report still got its CSV and chart.
    expect(app.standIn.callsOf('files.completeUploadExternal').length - uploadsBefore).toBe(BURST);
  }, 120_000);
});

describe('/so with a very long word', () => {
  it('an unknown 40 kB word is echoed clipped, and a 4 MB one is answered without a guess', async () => {
    const long = 'x'.repeat(40_000);
    const text = await reply(app.user.command(MGR, long));
    expect(text.length).toBeLessThan(4_000);
    expect(text).toContain(`Unknown command \`${'x'.repeat(30)}…\``);
    expect(text).not.toContain('x'.repeat(100));

    const huge = `stauts${'s'.repeat(4_000_000)}`;
    const answer = await reply(app.user.command(MGR, huge));
    expect(answer).toContain('Unknown command `stautsssss');
    expect(answer).not.toContain('did you mean');
    // A short typo still gets its guess.
    expect(await reply(app.user.command(MGR, 'stauts'))).toContain('did you mean `/so status`?');
    // Unknown list filters and case references are clipped the same way.
    expect(await reply(app.user.command(MGR, `list ${'y'.repeat(40_000)}`))).not.toContain('y'.repeat(100));
    expect(await reply(app.user.command(MGR, `status SO-${'9'.repeat(40_000)}`))).not.toContain('9'.repeat(100));
  }, 60_000);
});

describe('staff display names', () => {
  it('a name from <@U|name> loses control and bidi characters and is kept to a sane length', async () => {
    const name = `Dr.\u202eevil\u202c\u0007${'n'.repeat(500)}`;
    expect(await reply(app.user.command(ADMIN, `staff add <@UDOCNAME1|${name}> doctor prostate`))).toContain('<@UDOCNAME1> is now a doctor (Prostate).');
    const [stored] = (await app.staff.list()).filter((m) => m.slackUserId === 'UDOCNAME1');
    const shown = (await app.db.selectFrom('staff_roles').select('display_name').where('slack_user_id', '=', 'UDOCNAME1').executeTakeFirstOrThrow()).display_name!;
    expect(stored).toBeDefined();
    expect(shown.startsWith('Dr.eviln')).toBe(true);
    expect(shown).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(shown.length).toBeLessThanOrEqual(80);
  });
});

describe('a person whose role is removed', () => {
  it('the removal lists their open cases to the admin, and their reminders go to the coordinators until the cases are reassigned', async () => {
    await app.grant(LEAVER, 'doctor', ['prostate'], 'Dr Leaver');
    app.clock.set(rome('2026-11-30 10:30'));
    // Documentation complete on Fri 27 Nov at 10:00: due Fri 4 Dec at 10:00.
    const held = await paidReadyCase(app, COORD);
    await app.cases.execute(held, { type: 'claim' }, await app.staff.actor(LEAVER));

    const removed = await reply(app.user.command(ADMIN, `staff remove <@${LEAVER}> doctor`));
    expect(removed).toContain(`<@${LEAVER}> is no longer a doctor.`);
    expect(removed).toContain(`still holds 1 open case`);
    expect(removed).toContain(held);

    // Due soon (1 working day left) on Thu 3 Dec at 10:00: every coordinator is told, the leaver is not.
    app.clock.set(rome('2026-12-03 10:00'));
    await app.notifications!.dispatchDue();
    await app.settle();
    const dmsTo = (userId: string) =>
      app.standIn.callsOf('chat.postMessage').filter((c) => c.body.channel === `D${userId}` && String(c.body.text).includes(held)).map((c) => String(c.body.text));
    for (const c of [COORD, COORD2]) {
      expect(dmsTo(c)).toEqual([expect.stringContaining(`(for <@${LEAVER}>, who no longer has the doctor role: reassign the case)`)]);
    }
    expect(dmsTo(LEAVER)).toEqual([]);
  }, 60_000);
});

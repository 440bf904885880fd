import { beforeAll, describe, expect, it } from 'vitest';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';

const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const DOC2 = 'UDOC00002';
const RAD = 'URAD00001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
  await app.grant(DOC2, 'doctor', ['prostate'], 'Dr Verdi');
});

async function reply(pending: { responseId: string; answer: Promise<{ status: number }> }): Promise<string> {
  expect((await pending.answer).status).toBe(200);
  const call = await waitFor(() => app.standIn.reply(pending.responseId));
  return String(call.body.text);
}

describe('staff areas', () => {
  it('an admin grants a specialist area such as radiology, and a misspelt area is refused', async () => {
    expect(await reply(slack.command('UADMIN0001', `staff add <@${RAD}|rad> doctor radiology`))).toBe(`<@${RAD}> is now doctor.`);
    expect((await app.staff.membership(RAD))[0]?.areas).toEqual(['radiology']);
    const refused = await reply(slack.command('UADMIN0001', `staff add <@${RAD}|rad> doctor radiologgy`));
    expect(refused).toContain('Unknown area radiologgy');
    expect((await app.staff.membership(RAD))[0]?.areas).toEqual(['radiology']);
  });
});

describe('absence cover', () => {
  it('a doctor records an absence with a cover and ends it early with /so back', async () => {
    const text = await reply(slack.command(DOC, `away 2026-12-01 2026-12-04 <@${DOC2}|verdi>`));
    expect(text).toBe(`<@${DOC}> away from Tue 1 Dec 2026 00:00 until Sat 5 Dec 2026 00:00; <@${DOC2}> covers.`);
    app.clock.set(rome('2026-12-02 10:00'));
    expect(await app.absences.recipientFor(DOC)).toEqual({ to: 'cover', userId: DOC2, absent: DOC });
    expect(await reply(slack.command(DOC, 'back'))).toBe(`Welcome back: <@${DOC}> is no longer away.`);
    expect(await app.absences.recipientFor(DOC)).toEqual({ to: 'person', userId: DOC });
    expect(await reply(slack.command(DOC, 'back'))).toBe(`<@${DOC}> has no absence running.`);
  });

  it('a coordinator records an absence for a doctor; a doctor cannot record one for a colleague', async () => {
    app.clock.set(rome('2026-12-02 10:00'));
    const text = await reply(slack.command(COORD, `away <@${DOC2}|verdi> 2026-12-02T14:00 2026-12-10`));
    expect(text).toBe(`<@${DOC2}> away from Wed 2 Dec 2026 14:00 until Fri 11 Dec 2026 00:00; the coordinators cover.`);
    expect(await reply(slack.command(DOC, `away <@${DOC2}|verdi> 2026-12-20 2026-12-21`))).toBe(
      'A doctor records their own absences; a coordinator can record one for a colleague.',
    );
  });

  it('an absence that ends before it starts, is already over, or names its own cover is refused', async () => {
    app.clock.set(rome('2026-12-02 10:00'));
    expect(await reply(slack.command(DOC, 'away 2026-12-10 2026-12-07'))).toContain('ends after it starts');
    expect(await reply(slack.command(DOC, 'away 2026-11-20 2026-11-21'))).toContain('already over');
    expect(await reply(slack.command(DOC, `away 2026-12-10 2026-12-11 <@${DOC}|me>`))).toContain('their own absence');
    expect(await reply(slack.command(DOC, 'away tomorrow'))).toContain('/so away <from> <to>');
  });
});

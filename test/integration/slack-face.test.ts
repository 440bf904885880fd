import { beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { BLOCKS, ELEMENTS, overflowValue } from '../../src/slack/ids.js';
import { input } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { caseViaApi, paidReadyCase } from '../support/ready-case.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

/** A Slack face that guides: links, buttons where they are needed, confirmations, words that work. */
const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const MGR = 'UMGR00001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
  await app.grant(MGR, 'manager');
});

async function createViaApi(overrides: Record<string, unknown> = {}): Promise<string> {
  const reference = await caseViaApi(app, overrides);
  await app.settle();
  return reference;
}

const complete = () => ({ documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-27T10:00:00+01:00' })) });

async function reply(pending: { responseId: string; answer: Promise<{ status: number }> }): Promise<{ text: string; blocks: string }> {
  expect((await pending.answer).status).toBe(200);
  const call = await waitFor(() => app.standIn.reply(pending.responseId));
  return { text: String(call.body.text), blocks: JSON.stringify(call.body.blocks ?? []) };
}

const lastView = (method = 'views.open') => (app.standIn.callsOf(method).at(-1)?.body.view ?? {}) as { callback_id?: string; blocks?: { type: string; text?: { text: string } }[] };
const permalinkOf = async (reference: string) => {
  const row = await app.db.selectFrom('slack_cards').innerJoin('cases', 'cases.id', 'slack_cards.case_id').select('slack_cards.permalink').where('cases.reference', '=', reference).executeTakeFirstOrThrow();
  return row.permalink!;
};

describe('the card permalink', () => {
  it('is asked of Slack when the card is posted and stored, so replies can link to the card', async () => {
    const ref = await createViaApi();
    const link = await permalinkOf(ref);
    expect(link).toMatch(/^https:\/\/opinion-desk-test\.slack\.com\/archives\/CTRIAGE\/p\d+$/);
    expect(app.standIn.callsOf('chat.getPermalink').some((c) => c.body.channel === 'CTRIAGE')).toBe(true);
    const list = await reply(slack.command(COORD, 'list intake'));
    expect(list.text).toContain(`*<${link}|${ref}>*`);
  });
});

describe('rare and destructive actions ask first', () => {
  it('Release, chosen in the overflow menu, opens a confirmation naming the case; only confirming releases it', async () => {
    const ref = await createViaApi(complete());
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await slack.choose(DOC, ELEMENTS.more, overflowValue(buttonOf('release'), ref)).answer;
    await waitFor(() => lastView().callback_id === formOf('release'));
    expect(lastView().blocks![0]!.text!.text).toContain(`*${ref}*`);
    expect((await app.cases.get(ref)).state.assignee).toBe(DOC);
    expect((await slack.submit(DOC, formOf('release'), {}, { reference: ref })).json).toBeNull();
    expect((await app.cases.get(ref)).state.assignee).toBeNull();
  });
});

describe('the payment modal', () => {
  it('opens the details on top (views.push), and that view is recorded in the history', async () => {
    const ref = await createViaApi();
    await slack.click(COORD, ELEMENTS.paymentDetails, ref).answer;
    const pushed = await waitFor(() => app.standIn.callsOf('views.push').at(-1));
    expect((pushed.body.view as { callback_id: string }).callback_id).toBe('details');
    expect(JSON.stringify(pushed.body.view)).toContain('Maria Rossi - CNAO Second Opinion');
    expect((await app.cases.history(ref)).filter((e) => e.data.type === 'details_viewed')).toHaveLength(1);
  });
});

describe('the question a paused case waits on', () => {
  it('is shown in the Information received modal with who asked and when, never in the thread', async () => {
    const ref = await createViaApi(complete());
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await slack.submit(DOC, formOf('request_info'), { [BLOCKS.question]: input.text('Latest PSA value, please') }, { reference: ref });
    await slack.click(COORD, buttonOf('info_received'), ref).answer;
    await waitFor(() => lastView().callback_id === formOf('info_received'));
    const text = JSON.stringify(lastView().blocks);
    expect(text).toContain(`*${ref}*`);
    expect(text).toContain('Asked by <@UDOC00001> on Mon 30 Nov 2026 09:30');
    expect(text).toContain('Latest PSA value, please');
    await app.settle();
    const channelText = app.standIn.callsOf('chat.postMessage').map((c) => JSON.stringify(c.body)).join('\n');
    expect(channelText).not.toContain('Latest PSA');
  });
});

describe('/so understands people', () => {
  it('answers an unknown subcommand with "unknown" and a suggestion, then the help', async () => {
    const typo = await reply(slack.command(COORD, 'stauts SO-2026-0001'));
    expect(typo.text).toMatch(/^Unknown command `stauts`: did you mean `\/so status`\?/);
    expect(typo.text).toContain('/so list');
    expect((await reply(slack.command(COORD, 'frobnicate'))).text).toMatch(/^Unknown command `frobnicate`\./);
  });

  it('answers an unknown list filter instead of listing everything', async () => {
    const urgent = await reply(slack.command(COORD, 'list urgent'));
    expect(urgent.text).toMatch(/^Unknown list filter `urgent`/);
    expect((await reply(slack.command(COORD, 'list breachd'))).text).toContain('did you mean `breached`?');
  });

  it('takes Italian subcommands and filters: /so stato, /so list miei, /so lista miei', async () => {
    const ref = await createViaApi(complete());
    const status = await reply(slack.command(DOC, `stato ${ref}`));
    expect(status.text).toMatch(new RegExp(`^${ref}: Ready`));
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    expect((await reply(slack.command(DOC, 'list miei'))).text).toContain(ref);
    expect((await reply(slack.command(DOC, 'lista miei'))).text).toMatch(/\(mine\)/);
  });

  it('/so when states the due instant once and names the holidays on the way, not every weekend', async () => {
    const when = await reply(slack.command(COORD, 'when 2026-12-04 16:00'));
    expect(when.text.match(/Tue 15 Dec 2026 16:00/g)).toHaveLength(1);
    expect(when.text).toContain('Immaculate Conception');
    expect(when.text).toContain('San Siro (patron saint of Pavia)');
    expect(when.text).not.toMatch(/Saturday|Sunday/);
    const quiet = await reply(slack.command(COORD, 'when 2026-11-30 10:00'));
    expect(quiet.text).toContain('No holidays on the way');
  });
});

describe('the digest names each case as a link with its holder', () => {
  it('a case waiting for a reviewer is listed with a link to its card and "no reviewer"', async () => {
    const ref = await createViaApi(complete());
    const link = await permalinkOf(ref);
    const digest = await reply(slack.command(MGR, 'digest'));
    expect(digest.blocks).toContain(`*<${link}|${ref}>* · Prostate`);
    expect(digest.blocks).toMatch(new RegExp(`${ref}>\\* · Prostate · [^"]*no reviewer`));
  });
});

describe('App Home per role', () => {
  it('a doctor sees the cases waiting for a reviewer in their areas, each with Claim', async () => {
    const ref = await createViaApi(complete());
    const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === DOC);
    const before = published().length;
    expect((await slack.event({ type: 'app_home_opened', user: DOC, tab: 'home' })).status).toBe(200);
    const view = (await waitFor(() => (published().length > before ? published().at(-1) : null))).body.view as {
      blocks: { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[];
    };
    const heading = view.blocks.findIndex((b) => b.text?.text.startsWith('*Waiting for a reviewer in my areas*'));
    expect(heading).toBeGreaterThan(0);
    const line = view.blocks.slice(heading).find((b) => b.text?.text.includes(`|${ref}>*`))!;
    expect(line.accessory).toMatchObject({ action_id: buttonOf('claim'), value: ref });
  });

  it('a coordinator has a New case button and a chase queue saying since when and who asked', async () => {
    const ref = await createViaApi(complete());
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await slack.submit(DOC, formOf('request_info'), { [BLOCKS.question]: input.text('Biopsy slides?') }, { reference: ref });
    const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === COORD);
    const before = published().length;
    await slack.event({ type: 'app_home_opened', user: COORD, tab: 'home' });
    const view = JSON.stringify((await waitFor(() => (published().length > before ? published().at(-1) : null))).body.view);
    expect(view).toContain(ELEMENTS.newCase);
    expect(view).toContain('To chase: waiting for information');
    expect(view).toContain('waiting since Mon 30 Nov 2026 09:30, asked by Dr Bianchi');
    expect(view).not.toContain('Biopsy slides?');
  });

  it('a manager sees the counts and the due-soon and breached lists with holders', async () => {
    const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === MGR);
    const before = published().length;
    await slack.event({ type: 'app_home_opened', user: MGR, tab: 'home' });
    const view = JSON.stringify((await waitFor(() => (published().length > before ? published().at(-1) : null))).body.view);
    expect(view).toContain('SLA summary');
    expect(view).toContain('*Breached* (');
    expect(view).toContain('*Due within 1 working day* (');
  });
});

describe('a form submitted after the case moved on', () => {
  it('a Release form left open while the doctor asked for information is refused, saying what the doctor can do now', async () => {
    const ref = await paidReadyCase(app, COORD);
    expect((await slack.click(DOC, buttonOf('claim'), ref).answer).status).toBe(200);
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    const asked = await slack.submit(DOC, formOf('request_info'), { [BLOCKS.question]: input.text('The 2025 CT report, please') }, { reference: ref });
    expect(asked.status).toBe(200);
    expect((await app.cases.get(ref)).state.status).toBe('awaiting_info');

    const stale = await slack.submit(DOC, formOf('release'), {}, { reference: ref });
    expect(stale.status).toBe(200);
    const shown = JSON.stringify(stale.json);
    expect(stale.json).toMatchObject({ response_action: 'update' });
    expect(shown).toContain('You can use Information received.');
    expect((await app.cases.get(ref)).state.assignee).toBe(DOC);
  });
});

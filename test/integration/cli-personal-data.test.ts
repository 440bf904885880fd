import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { coordinator, doctor } from '../support/factories.js';
import { builtEntry } from '../support/processes.js';
import { paidReadyCase } from '../support/ready-case.js';
import { SIGNING_SECRET } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { buttonOf } from '../../src/slack/actions/registry.js';

const run = promisify(execFile);
const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
const MANAGER = 'UMGR00001';
const login = userInfo().username;

/** The CLI as an operator runs it: its own process, with the app's configuration (Slack included) and extra variables of the shell. */
async function cli(args: string[], shell: Record<string, string> = {}): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, [builtEntry('cli'), ...args], {
      env: {
        ...process.env,
        DATABASE_URL: app.config.databaseUrl,
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: app.standIn.apiUrl,
        SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
        SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
        ADMIN_SLACK_USER_IDS: app.config.adminSlackUserIds.join(','),
        ...shell,
      },
    });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: `${e.stdout}${e.stderr}`, code: e.code };
  }
}

type Exported = { personalData: { patientName: string } | null; events: { kind: string; actor: string; actorName: string | null }[] };

/** The lines of a case's thread (the replies under its card), in the order they were posted. */
function threadOf(ref: string): string[] {
  const card = app.standIn
    .callsOf('chat.postMessage')
    .find((c) => !c.body.thread_ts && JSON.stringify(c.body.blocks ?? '').includes(`Second opinion ${ref}`));
  const ts = card?.response?.ts;
  return app.standIn.callsOf('chat.postMessage').filter((c) => ts && c.body.thread_ts === ts).map((c) => String(c.body.text));
}

let ref = '';

beforeAll(async () => {
  await app.grant(coordinator.id, 'coordinator');
  await app.grant(doctor.id, 'doctor', ['prostate']);
  await app.grant(MANAGER, 'manager', [], 'Head of service');
  ref = await paidReadyCase(app, coordinator.id);
}, 60_000);

describe('the CLI records who really acted', () => {
  it('a personal-data export is recorded as the operator acting for the manager, and posts the thread line a view in Slack posts', async () => {
    const click = app.user.click(coordinator.id, buttonOf('view_details'), ref);
    expect((await click.answer).status).toBe(200);
    const slackLine = await waitFor(() => threadOf(ref).find((t) => t.includes('viewed the personal data')));
    expect(slackLine).toBe(`<@${coordinator.id}> viewed the personal data.`);

    const res = await cli(['case', 'history', ref, '--with-personal-data', '--as', MANAGER]);
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout) as Exported;
    expect(body.personalData?.patientName).toBe('Maria Rossi');
    expect(body.events.at(-1)).toMatchObject({ kind: 'details_viewed', actor: `cli:${login} as ${MANAGER}`, actorName: 'Head of service' });

    // The same line as a view in Slack, naming the manager, and saying who typed the command.
    const cliLine = await waitFor(() => threadOf(ref).find((t) => t !== slackLine && t.includes('viewed the personal data')), 20_000);
    // Named by the staff table's display name: nobody is pinged by a thread line.
    expect(cliLine).toBe(`Head of service (command line, operator ${login}) viewed the personal data.`);
  }, 60_000);

  it('an id the operator makes an administrator in their own shell is still recorded with the operator’s login', async () => {
    const res = await cli(['case', 'history', ref, '--with-personal-data', '--as', 'UNOBODY01'], { ADMIN_SLACK_USER_IDS: 'UNOBODY01' });
    expect(res.code).toBe(0);
    const history = await app.cases.history(ref);
    expect(history.at(-1)).toMatchObject({ actor: `cli:${login} as UNOBODY01`, data: { type: 'details_viewed' } });
    await waitFor(() => threadOf(ref).includes(`<@UNOBODY01> (command line, operator ${login}) viewed the personal data.`), 20_000);
  }, 60_000);

  it('an export of an erased case appends no view (there is nothing personal left to view) and posts nothing', async () => {
    await app.cases.execute(ref, { type: 'cancel', reason: 'withdrawn' }, coordinator);
    const erased = await cli(['case', 'erase', ref, '--reason', "patient's request"]);
    expect(erased.code).toBe(0);
    // The erasure is announced in the thread too, by the CLI itself.
    await waitFor(() => threadOf(ref).includes('Personal data erased (retention): the workflow and figures of this case remain.'), 20_000);
    const before = await app.cases.history(ref);
    const linesBefore = threadOf(ref).length;

    const res = await cli(['case', 'history', ref, '--with-personal-data', '--as', MANAGER]);
    expect(res.code).toBe(0);
    expect((JSON.parse(res.stdout) as Exported).personalData).toBeNull();
    expect(await app.cases.history(ref)).toEqual(before);
    // Anything the export had queued would be delivered by now: the outbox is empty and the thread unchanged.
    await app.settle(20_000);
    expect(threadOf(ref)).toHaveLength(linesBefore);
  }, 60_000);
});

// nock first: it patches the global fetch the app's one outbound path to Slack calls (PLATFORM.md).
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestApp } from '../support/app.js';
import { caseViaApi } from '../support/ready-case.js';
import { SIGNING_SECRET, SlackClientSimulator } from '../support/slack-requests.js';
import { waitFor } from '../support/slack-app.js';
import { buttonOf } from '../../src/slack/actions/registry.js';

/**
 * What reaches Slack's real hosts when SLACK_API_URL is not set, as nock sees it at the HTTP
 * boundary: the Web API at https://slack.com/api/<method> with the bot token and content type, the
 * second step of a file upload to the address Slack hands back, and response URLs at hooks.slack.com.
 * Nothing else leaves the machine: every other host is refused, 127.0.0.1 (the app itself) allowed.
 */

const TOKEN = 'xoxb-nock-0123456789';
const UPLOAD_HOST = 'https://files.slack.com';

interface Seen {
  host: string;
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
const seen: Seen[] = [];
let ts = 1_700_000_000;
let fileSeq = 0;

/** Slack's answers, method by method, as the real Web API shapes them. */
function webApiAnswer(method: string, body: URLSearchParams): Record<string, unknown> {
  switch (method) {
    case 'auth.test':
      return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
    case 'chat.postMessage':
      return { ok: true, channel: body.get('channel'), ts: `${ts++}.000100` };
    case 'chat.getPermalink':
      return { ok: true, permalink: `https://example.slack.com/archives/${body.get('channel')}/p${String(body.get('message_ts')).replace('.', '')}` };
    case 'conversations.open':
      return { ok: true, channel: { id: `D${body.get('users')}` } };
    case 'files.getUploadURLExternal': {
      const id = `F${++fileSeq}`;
      return { ok: true, upload_url: `${UPLOAD_HOST}/upload/v1/${id}`, file_id: id };
    }
    case 'files.completeUploadExternal':
      return { ok: true, files: JSON.parse(body.get('files') ?? '[]') as unknown[] };
    default:
      return { ok: true };
  }
}

function record(host: string, req: { path: string; method: string; headers: Record<string, string | string[] | undefined> }, body: unknown): void {
  seen.push({ host, path: req.path, method: req.method, headers: { ...req.headers }, body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('latin1') : JSON.stringify(body) });
}

/** The fake Slack, set again before each test (nock is cleaned after each). */
function interceptSlack(): void {
  nock('https://slack.com')
    .persist()
    .post(/^\/api\/[a-zA-Z.]+$/)
    .reply(function (uri, body) {
      record('https://slack.com', { path: uri, method: this.req.method, headers: this.req.headers }, body);
      const form = new URLSearchParams(typeof body === 'string' ? body : '');
      return [200, webApiAnswer(uri.replace('/api/', ''), form), { 'content-type': 'application/json' }];
    });
  nock(UPLOAD_HOST)
    .persist()
    .post(/^\/upload\/v1\/F\d+$/)
    .reply(function (uri, body) {
      record(UPLOAD_HOST, { path: uri, method: this.req.method, headers: this.req.headers }, body);
      return [200, 'OK - 1234', { 'content-type': 'text/plain' }];
    });
  nock('https://hooks.slack.com')
    .persist()
    .post(/^\/(commands|actions)\/T1\/.+$/)
    .reply(function (uri, body) {
      record('https://hooks.slack.com', { path: uri, method: this.req.method, headers: this.req.headers }, body);
      return [200, 'ok', { 'content-type': 'text/html' }];
    });
}

beforeAll(() => {
  nock.disableNetConnect();
  // The app itself, and the simulated Slack client's requests to it; PostgreSQL and Redis are not HTTP.
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
  interceptSlack();
});
afterEach(() => {
  nock.cleanAll();
  interceptSlack();
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

// No SLACK_API_URL: the app talks to https://slack.com/api/ as in production.
const app = await startTestApp({
  role: 'all',
  now: '2026-11-30 09:30',
  env: {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
    SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
    SLACK_CHANNEL_MESSAGES_PER_SECOND: '200',
    SLACK_UPDATES_PER_MINUTE: '12000',
  },
});
const hooks = (id: string) => `https://hooks.slack.com/${id.startsWith('cmd') ? 'commands' : 'actions'}/T1/${id}/secret-part`;
const user = new SlackClientSimulator(app.baseUrl, hooks);
const MGR = 'UMGR00001';
const DOC = 'UDOC00001';

beforeAll(async () => {
  const admin = { id: ADMIN, roles: new Set(['admin'] as const) };
  await app.staff.grant(admin, MGR, 'manager', [], null);
  await app.staff.grant(admin, DOC, 'doctor', ['prostate'], 'Dr Bianchi');
});

const webApi = (method: string) => seen.filter((s) => s.host === 'https://slack.com' && s.path === `/api/${method}`);
const header = (s: Seen, name: string) => String(s.headers[name] ?? '');

describe('what reaches Slack without SLACK_API_URL', () => {
  it('the Web API: https://slack.com/api/<method>, the bot token as a Bearer header, a form body', async () => {
    await waitFor(() => webApi('auth.test').length > 0);
    const ref = await caseViaApi(app);
    const card = await waitFor(() => webApi('chat.postMessage').find((s) => s.body.includes(ref)));
    expect(card.method).toBe('POST');
    expect(header(card, 'authorization')).toBe(`Bearer ${TOKEN}`);
    expect(header(card, 'content-type')).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(card.body);
    expect(form.get('channel')).toBe('CTRIAGE');
    expect(form.get('token')).toBeNull(); // the token travels in the header only
    expect(JSON.parse(form.get('blocks')!)).toEqual(expect.arrayContaining([expect.objectContaining({ type: expect.any(String) })]));
    // The permalink of the card is asked of the same host, for the ts Slack answered.
    const permalink = await waitFor(() => webApi('chat.getPermalink').find((s) => new URLSearchParams(s.body).get('channel') === 'CTRIAGE'));
    expect(header(permalink, 'authorization')).toBe(`Bearer ${TOKEN}`);
    // Every call went to slack.com's API, each with the token.
    for (const s of seen.filter((x) => x.host === 'https://slack.com')) expect(header(s, 'authorization'), s.path).toBe(`Bearer ${TOKEN}`);
  });

  it('a file upload: files.getUploadURLExternal, the bytes POSTed to the upload URL Slack handed back, then files.completeUploadExternal', async () => {
    const before = seen.length;
    const answer = await user.command(MGR, 'report 2026-11').answer;
    expect(answer.status).toBe(200);
    const completed = await waitFor(() => webApi('files.completeUploadExternal').find((s) => seen.indexOf(s) >= before), 30_000);
    const calls = seen.slice(before);
    const asked = calls.filter((s) => s.path === '/api/files.getUploadURLExternal');
    const uploaded = calls.filter((s) => s.host === UPLOAD_HOST);
    expect(asked).toHaveLength(2); // the CSV and the chart
    expect(asked.map((s) => new URLSearchParams(s.body).get('filename'))).toEqual([expect.stringMatching(/\.csv$/), expect.stringMatching(/\.png$/)]);
    // Each file's bytes go to the address of its own getUploadURLExternal answer, after that answer.
    expect(uploaded.map((s) => s.path).sort()).toEqual(['/upload/v1/F1', '/upload/v1/F2']);
    for (const u of uploaded) expect(calls.indexOf(u)).toBeGreaterThan(calls.indexOf(asked[0]!));
    // The file itself, as a multipart form: the report's CSV, and the chart's PNG.
    for (const u of uploaded) expect(header(u, 'content-type')).toMatch(/^multipart\/form-data; boundary=/);
    expect(uploaded.some((s) => /\r\n2026-11-01,2026-11-30,all,/.test(s.body))).toBe(true);
    // (nock hands over a body that is not UTF-8 as hex: the PNG signature, 89 50 4E 47 0D 0A 1A 0A.)
    expect(uploaded.some((s) => s.body.includes('89504e470d0a1a0a'))).toBe(true);
    // Then one completion naming both files, in the manager's DM, after both uploads.
    expect(calls.indexOf(completed)).toBeGreaterThan(Math.max(...uploaded.map((u) => calls.indexOf(u))));
    const form = new URLSearchParams(completed.body);
    expect(form.get('channel_id')).toBe(`D${MGR}`);
    expect((JSON.parse(form.get('files')!) as { id: string }[]).map((f) => f.id).sort()).toEqual(['F1', 'F2']);
    expect(header(completed, 'authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('a response URL: the answer goes to the hooks.slack.com address the click carried, as JSON, without the bot token', async () => {
    const ref = await caseViaApi(app);
    const click = user.click(DOC, buttonOf('claim'), ref); // refused: the case is in intake
    expect((await click.answer).status).toBe(200);
    const reply = await waitFor(() => seen.find((s) => s.host === 'https://hooks.slack.com' && s.path.includes(`/${click.responseId}/`)));
    expect(reply.method).toBe('POST');
    expect(reply.path).toBe(`/actions/T1/${click.responseId}/secret-part`);
    expect(header(reply, 'content-type')).toMatch(/^application\/json/);
    expect(header(reply, 'authorization')).toBe('');
    expect(JSON.parse(reply.body)).toMatchObject({ response_type: 'ephemeral', text: 'Not possible while the case is in intake, waiting for documents.' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { createLogger } from '../../src/logger.js';
import { MAIL_ACTIONS } from '../../src/slack/mail.js';
import { BLOCKS } from '../../src/slack/ids.js';
import { input } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { caseViaApi } from '../support/ready-case.js';
import { LocalSmtpServer } from '../support/smtp-server.js';
import { spawnTracked, builtEntry } from '../support/processes.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

const smtp = await new LocalSmtpServer().start();
afterAll(() => smtp.stop());
const logLines: string[] = [];
const app = await startSlackTestApp({
  now: '2026-11-30 10:00',
  logger: createLogger('debug', { write: (l: string) => void logLines.push(l) }),
  mailTiming: { retryBaseMs: 30, pollIntervalMs: 50 },
  env: { MAIL_SMTP_URL: smtp.url(), MAIL_FROM: 'CNAO Second Opinion <secondopinion@example.org>' },
});
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const ADDRESS = 'giulia.verdi@example.org';
const QUESTION = 'Please send the PSA values of Giulia Verdi from October.';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
});

const everything = { language: 'en', applicant: { type: 'patient', name: 'Giulia Verdi', email: ADDRESS }, patient: { name: 'Giulia Verdi', birthDate: '1961-04-02' } };
const threadTexts = () => app.standIn.callsOf('chat.postMessage').filter((c) => c.body.thread_ts).map((c) => String(c.body.text));
const lastOpenedView = () => (app.standIn.callsOf('views.open').at(-1)?.body.view ?? {}) as { callback_id?: string; blocks?: unknown[] };
const mailRows = async (reference: string) =>
  app.db.selectFrom('mail_outbox as m').innerJoin('cases as c', 'c.id', 'm.case_id').selectAll('m').where('c.reference', '=', reference).orderBy('m.id').execute();

describe('the applicant in the loop, seen from Slack', () => {
  it('Request information sends the question as written when "Send to the applicant by e-mail" stays ticked; the thread says only that it went', async () => {
    const ref = await caseViaApi(app, {
      ...everything,
      documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-30T09:00:00+01:00' })),
    });
    await app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(DOC));
    await app.settle();
    await (await slack.click(DOC, buttonOf('request_info'), ref)).answer;
    await waitFor(() => lastOpenedView().callback_id === formOf('request_info'));
    const modal = JSON.stringify(lastOpenedView());
    expect(modal).toContain('Send to the applicant by e-mail');
    expect(modal).toContain('"initial_options"');
    await slack.submit(DOC, formOf('request_info'), { [BLOCKS.question]: input.text(QUESTION), [BLOCKS.emailApplicant]: input.checks('yes') }, { reference: ref });
    const sent = await waitFor(() => smtp.received.find((m) => m.to.includes(ADDRESS) && m.parsed.subject?.includes('needs more information')));
    expect(sent.parsed.subject).toBe(`[${ref}] The board of specialists needs more information`);
    expect(sent.parsed.text).toContain(QUESTION);
    await waitFor(() => threadTexts().includes('E-mail to the applicant: request for information.'));
    // Received and complete went too, each with its thread line.
    expect(threadTexts()).toEqual(expect.arrayContaining(['E-mail to the applicant: request received.', 'E-mail to the applicant: documentation complete.']));
    const details = (await mailRows(ref)).map((r) => [r.kind, r.status]);
    expect(details).toEqual(expect.arrayContaining([['information_request', 'sent']]));
  });

  it('unticked, the question stays in the app; a case without an address says so on its card and in the modal', async () => {
    const ref = await caseViaApi(app, {
      applicant: { type: 'patient', name: 'Senza Posta' },
      documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-30T09:00:00+01:00' })),
    });
    await app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(DOC));
    await app.settle();
    const card = app.standIn.callsOf('chat.update').filter((c) => JSON.stringify(c.body.blocks).includes(ref)).at(-1);
    expect(JSON.stringify(card?.body.blocks)).toContain('No e-mail address: write by post or phone');
    await (await slack.click(DOC, buttonOf('request_info'), ref)).answer;
    await waitFor(() => lastOpenedView().callback_id === formOf('request_info') && JSON.stringify(lastOpenedView()).includes(ref));
    expect(JSON.stringify(lastOpenedView())).toContain('no e-mail address');
    await slack.submit(DOC, formOf('request_info'), { [BLOCKS.question]: input.text('A question') }, { reference: ref });
    await waitFor(async () => (await app.cases.get(ref)).state.status === 'awaiting_info');
    expect(await mailRows(ref)).toEqual([]);
  });

  it('a refused e-mail (550) is reported in the thread with a button; a coordinator\'s click sends it again', async () => {
    smtp.answer = (to) => (to === 'bounce@example.org' ? 550 : 250);
    const ref = await caseViaApi(app, { applicant: { type: 'patient', name: 'Rimbalzo', email: 'bounce@example.org' } });
    await waitFor(() => threadTexts().some((t) => t.includes('could not be delivered: 550')));
    await app.settle();
    const report = app.standIn.callsOf('chat.postMessage').find((c) => String(c.body.text).includes('could not be delivered: 550'))!;
    const retry = JSON.stringify(report.body.blocks);
    const [row] = await mailRows(ref);
    expect(retry).toContain(MAIL_ACTIONS.retry);
    expect(row!.status).toBe('failed');
    smtp.answer = () => 250;
    // A doctor may not; a coordinator may.
    await (await slack.click(DOC, MAIL_ACTIONS.retry, String(row!.id))).answer;
    await new Promise((r) => setTimeout(r, 200));
    expect((await mailRows(ref))[0]!.status).toBe('failed');
    await (await slack.click(COORD, MAIL_ACTIONS.retry, String(row!.id))).answer;
    await waitFor(async () => (await mailRows(ref))[0]!.status === 'sent');
    expect(smtp.received.filter((m) => m.to.includes('bounce@example.org'))).toHaveLength(1);
  });

  it('the Details modal lists the correspondence (kind, instant, status), and opening it is recorded', async () => {
    const ref = await caseViaApi(app, everything);
    await waitFor(async () => (await mailRows(ref))[0]?.status === 'sent');
    await (await slack.click(COORD, buttonOf('view_details'), ref)).answer;
    await waitFor(() => lastOpenedView().callback_id === 'details' && JSON.stringify(lastOpenedView()).includes('Correspondence'));
    expect(JSON.stringify(lastOpenedView())).toMatch(/request received · [^"]+ · sent/);
    expect((await app.cases.history(ref)).some((e) => e.data.type === 'details_viewed' && e.actor === COORD)).toBe(true);
  });

  it('`npm run cli -- mail list|retry` lists failed e-mails without their content and puts them back', async () => {
    smtp.answer = (to) => (to === 'cli@example.org' ? 550 : 250);
    const ref = await caseViaApi(app, { applicant: { type: 'patient', name: 'Riga Comando', email: 'cli@example.org' } });
    await waitFor(async () => (await mailRows(ref))[0]?.status === 'failed');
    const env = { ...process.env, DATABASE_URL: app.config.databaseUrl };
    const list = spawnTracked(process.execPath, [builtEntry('cli'), 'mail', 'list'], { env });
    expect(await list.exited).toBe(0);
    expect(list.output()).toContain(ref);
    expect(list.output()).toContain('550');
    expect(list.output()).not.toContain('cli@example.org');
    smtp.answer = () => 250;
    const retry = spawnTracked(process.execPath, [builtEntry('cli'), 'mail', 'retry'], { env });
    expect(await retry.exited).toBe(0);
    app.mail!.nudge();
    await waitFor(async () => (await mailRows(ref))[0]?.status === 'sent');
  });

  it('Cancel asks for the reason the applicant is told: the e-mail says that category, never the coordinator\'s own words', async () => {
    const ref = await caseViaApi(app, { ...everything, applicant: { type: 'patient', name: 'Giulia Verdi', email: 'cancelled@example.org' } });
    await app.settle();
    await (await slack.click(COORD, buttonOf('cancel'), ref)).answer;
    await waitFor(() => lastOpenedView().callback_id === formOf('cancel') && JSON.stringify(lastOpenedView()).includes(ref));
    const modal = JSON.stringify(lastOpenedView());
    expect(modal).toContain('Reason the applicant is told');
    expect(modal).toContain('Payment never received');
    const done = await slack.submit(COORD, formOf('cancel'), { [BLOCKS.cancelCategory]: input.select('payment_missing'), [BLOCKS.reason]: input.text('Family asked by phone; bank says the transfer bounced') }, { reference: ref });
    expect(done.json).toBeNull();
    const mail = await waitFor(() => smtp.received.find((m) => m.to.includes('cancelled@example.org') && m.parsed.subject?.includes('closed')));
    expect(mail.parsed.subject).toBe(`[${ref}] Your request has been closed`);
    expect(mail.parsed.text).toContain('closed because we did not receive the payment');
    expect(mail.parsed.text).not.toContain('bounced');
    expect(mail.parsed.html).not.toContain('bounced');
  });

  it('no Slack message and no log line carries an address, a subject, a question or a name', async () => {
    await app.settle();
    const logs = logLines.join('\n');
    // Personal data are shown only in modals and in the asker's own App Home (private views); never in a message.
    const messagesOnly = app.standIn.calls
      .filter((c) => !c.method.startsWith('views.'))
      .map((c) => (c.raw ? c.raw.toString('latin1') : JSON.stringify(c.body)))
      .join('\n');
    expect(messagesOnly).toContain('E-mail to the applicant');
    for (const secret of [ADDRESS, 'bounce@example.org', 'cli@example.org', 'Giulia Verdi', QUESTION, 'needs more information', 'We have received your request', 'Abbiamo ricevuto']) {
      expect(messagesOnly).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});

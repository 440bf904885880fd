import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { buttonOf } from '../../src/slack/actions/registry.js';
import { BLOCKS, CALLBACKS, INBOX_ACTIONS } from '../../src/slack/ids.js';
import { API_TOKEN } from '../support/app.js';
import { headingOf, listUnder, messagesSent, openHome, type HomeBlock } from '../support/app-home.js';
import { caseViaApi } from '../support/ready-case.js';
import { input } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { camtFile } from '../support/statements.js';

/**
 * The coordinators' inbox in App Home, its bank part (SPEC section 11), as a coordinator uses it: the
 * credits no statement could place, with Match to case… and Not ours. Nothing a payer or a bank wrote
 * reaches a message or a log line: only the match modal shows the payer and the transfer reason.
 */
const logLines: string[] = [];
const app = await startSlackTestApp({ now: '2026-12-04 10:00', logger: createLogger('debug', { write: (l: string) => void logLines.push(l) }) });
const COORD = 'UCOORD0001';
const COORD2 = 'UCOORD0002';
const DOC = 'UDOC00001';
await app.grant(COORD, 'coordinator', [], 'Anna Neri');
await app.grant(COORD2, 'coordinator', [], 'Carlo Blu');
await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
const pending = await caseViaApi(app, { patient: { name: 'Rosa Giuliani', birthDate: '1950-03-03' }, applicant: { type: 'patient', name: 'Rosa Giuliani' } });
const other = await caseViaApi(app, { patient: { name: 'Piero Sala', birthDate: '1949-01-01' }, applicant: { type: 'patient', name: 'Piero Sala' } });
await app.settle();
/** What only the match modal and Details may show. */
const PRIVATE = ['OTTAVIANI CORRADO', 'bonifico visita specialistica', 'GENTILE LUCIANO', 'quota annuale circolo'];

describe('bank credits to match, in English (SPEC section 11)', () => {

  it('lists what no case took, matches one in a click and a choice, dismisses the other, and tells the coordinators once', async () => {
    const res = await fetch(`${app.baseUrl}/api/v1/payments/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/xml' },
      body: camtFile([
        { amount: '518.00', reference: 'Q-1', valueDate: '2026-12-03', payer: 'OTTAVIANI CORRADO', remittance: 'bonifico visita specialistica' },
        { amount: '40.00', reference: 'Q-2', valueDate: '2026-12-03', payer: 'GENTILE LUCIANO', remittance: 'quota annuale circolo' },
      ]),
    });
    expect(res.status).toBe(201);
    await app.settle();

    // Each coordinator hears once, by DM (no group configured), that two credits wait in App Home.
    const notices = app.standIn.callsOf('chat.postMessage').filter((c) => String(c.body.text).includes('could not be placed on a case'));
    expect(notices.map((c) => c.body.channel).sort()).toEqual([`D${COORD}`, `D${COORD2}`]);
    expect(notices[0]!.body.text).toBe('2 bank transfers from the statement could not be placed on a case: they are in App Home, to match or to dismiss.');

    const home = await openHome(app, COORD);
    expect(headingOf(home, 'Bank transfers to match')).toBe('*Bank transfers to match* (2)');
    const credits = listUnder(home, 'Bank transfers to match')!;
    expect(credits.map((l) => l.text).sort()).toEqual(['€40.00 on 03/12/2026: the reason names no case', '€518.00 on 03/12/2026: the reason names no case']);
    const first = credits.find((l) => l.text.startsWith('€518.00'))!;
    expect(first.buttons.map((b) => b.label)).toEqual(['Match to case…', 'Not ours']);
    // A doctor's App Home has no inbox.
    expect(headingOf(await openHome(app, DOC), 'Bank transfers to match')).toBeNull();

    // A doctor's click (a forged one: the doctor has no such button) opens nothing.
    const opened = () => app.standIn.callsOf('views.open').length;
    const before = opened();
    await app.user.click(DOC, INBOX_ACTIONS.matchTransfer, first.buttons[0]!.value).answer;
    await app.settle();
    expect(opened()).toBe(before);

    // Match to case…: the payer and the reason, and the cases whose payment is pending to pick from.
    await app.user.click(COORD, INBOX_ACTIONS.matchTransfer, first.buttons[0]!.value).answer;
    const modal = await waitFor(() => (opened() > before ? (app.standIn.callsOf('views.open').at(-1)!.body.view as { blocks: HomeBlock[]; private_metadata: string }) : null));
    const modalText = JSON.stringify(modal.blocks);
    expect(modalText).toContain('*Payer*: OTTAVIANI CORRADO');
    expect(modalText).toContain('*Transfer reason*: bonifico visita specialistica');
    expect(modalText).toContain('*Why it was not placed*: the reason names no case');
    const choice = modal.blocks.find((b) => b.block_id === BLOCKS.caseChoice)!.element as { options: { text: { text: string }; value: string }[] };
    expect(choice.options.map((o) => o.value).sort()).toEqual([other, pending].sort());
    expect(choice.options.find((o) => o.value === pending)!.text.text).toBe(`${pending} · Prostate · expects €518.00`);

    const submitted = await app.user.submit(COORD, CALLBACKS.matchTransfer, { [BLOCKS.caseChoice]: input.select(pending) }, JSON.parse(modal.private_metadata), modal);
    expect(submitted.json).toBeNull();
    await app.settle();

    // The case has the transfer, matched by the coordinator, with Confirm payment in its thread.
    const api = await fetch(`${app.baseUrl}/api/v1/cases/${pending}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    const body = (await api.json()) as { payment: { state: string; transfers: { bankReference: string; amountCents: number; outcome: string }[] } };
    expect(body.payment.state).toBe('pending');
    expect(body.payment.transfers).toMatchObject([{ bankReference: 'Q-1', amountCents: 51_800, outcome: 'matched_by_coordinator' }]);
    const line = app.standIn.callsOf('chat.postMessage').find((c) => c.body.thread_ts && String(c.body.text).includes('matched a transfer to this case'));
    expect(line?.body.text).toBe('Anna Neri matched a transfer to this case: €518.00, value date 03/12/2026');
    expect(JSON.stringify(line!.body.blocks)).toContain(buttonOf('confirm_payment'));

    // Not ours, by the other coordinator; a second click on it (a stale Home) changes nothing.
    const later = listUnder(await openHome(app, COORD2), 'Bank transfers to match')!;
    expect(later.map((l) => l.text)).toEqual(['€40.00 on 03/12/2026: the reason names no case']);
    const notOurs = later[0]!.buttons.find((b) => b.label === 'Not ours')!;
    await app.user.click(COORD2, notOurs.id, notOurs.value).answer;
    await app.settle();
    await app.user.click(COORD, notOurs.id, notOurs.value).answer;
    await app.settle();
    const dismissed = await app.db.selectFrom('bank_transfers').select(['dismissed_by', 'case_id']).where('bank_reference', '=', 'Q-2').executeTakeFirstOrThrow();
    expect(dismissed).toEqual({ dismissed_by: COORD2, case_id: null });
    expect(headingOf(await openHome(app, COORD), 'Bank transfers to match')).toBeNull();

    // A match submitted again from a stale modal is refused in the modal, and places nothing twice.
    const again = await app.user.submit(COORD, CALLBACKS.matchTransfer, { [BLOCKS.caseChoice]: input.select(other) }, JSON.parse(modal.private_metadata), modal);
    expect(JSON.stringify(again.json)).toContain('Already handled');
    expect((await app.cases.get(other)).state.transfers).toEqual([]);

    const sent = messagesSent(app);
    for (const text of PRIVATE) {
      expect(sent, text).not.toContain(text);
      expect(logLines.join('\n'), text).not.toContain(text);
    }
  });
});


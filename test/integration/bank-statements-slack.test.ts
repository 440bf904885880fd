import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { BLOCKS } from '../../src/slack/ids.js';
import { API_TOKEN } from '../support/app.js';
import { caseViaApi } from '../support/ready-case.js';
import { input } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { camtFile } from '../support/statements.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

// Everything the app logs, at debug level, is kept to be scanned for the payer and the transfer reason.
const logLines: string[] = [];
const app = await startSlackTestApp({ now: '2026-12-04 10:00', logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }) });
const COORD = 'UCOORD0001';
await app.grant(COORD, 'coordinator');

/** What only the match modal and Details may show: the payer's name and the remittance text. */
const PRIVATE = ['GIULIANI ROSA', 'Giuliani Rosa', 'Rosa Giuliani', 'BK-77 saldo'];

const cardsFor = (reference: string) =>
  app.standIn.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && !c.body.thread_ts && JSON.stringify(c.body.blocks ?? '').includes(`Second opinion ${reference}`));
const cardText = (reference: string) => JSON.stringify(cardsFor(reference).at(-1)?.body.blocks ?? []);
const threadCalls = (reference: string) => {
  const cardTs = cardsFor(reference).find((c) => c.method === 'chat.postMessage')?.response?.ts;
  return app.standIn.callsOf('chat.postMessage').filter((c) => cardTs && c.body.thread_ts === cardTs);
};

async function importStatement(xml: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${app.baseUrl}/api/v1/payments/statements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/xml' },
    body: xml,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, unknown>;
}

describe('a matched credit in Slack (SPEC section 11)', () => {
  it('adds "Transfer found" to the card and the thread with Confirm payment, whose modal comes filled in; one submit confirms', async () => {
    const ref = await caseViaApi(app, { patient: { name: 'Rosa Giuliani', birthDate: '1950-03-03' }, applicant: { type: 'patient', name: 'Rosa Giuliani' } });
    await app.settle();
    await importStatement(camtFile([{ amount: '518.00', reference: 'BK-77', valueDate: '2026-12-03', payer: 'GIULIANI ROSA', remittance: 'Rosa Giuliani - CNAO Second Opinion' }]));
    await app.settle();

    expect(cardText(ref)).toContain('Transfer found: €518.00, value date 03/12/2026');
    const line = await waitFor(() => threadCalls(ref).find((c) => String(c.body.text).startsWith('Transfer found')));
    expect(line.body.text).toBe('Transfer found: €518.00, value date 03/12/2026');
    expect(JSON.stringify(line.body.blocks)).toContain(buttonOf('confirm_payment'));

    await app.user.click(COORD, buttonOf('confirm_payment'), ref).answer;
    const view = await waitFor(() => app.standIn.callsOf('views.open').at(-1)?.body.view as { blocks: { block_id?: string; element?: Record<string, unknown> }[] } | undefined);
    const initial = (block: string) => {
      const el = view.blocks.find((b) => b.block_id === block)?.element ?? {};
      return el.initial_value ?? el.initial_date;
    };
    expect([initial(BLOCKS.amount), initial(BLOCKS.valueDate), initial(BLOCKS.bankReference)]).toEqual(['518.00', '2026-12-03', 'BK-77']);

    // The coordinator submits what the modal was filled in with.
    const submitted = await app.user.submit(
      COORD,
      formOf('confirm_payment'),
      { [BLOCKS.amount]: input.text('518.00'), [BLOCKS.valueDate]: input.date('2026-12-03'), [BLOCKS.bankReference]: input.text('BK-77'), [BLOCKS.reason]: input.text('') },
      { reference: ref },
    );
    expect(submitted.json).toBeNull();
    await app.settle();
    expect((await app.cases.get(ref)).state.payment).toMatchObject({ state: 'confirmed', receivedCents: 51_800, bankReference: 'BK-77' });
    expect(cardText(ref)).not.toContain('Transfer found');

    // Never the payer or the remittance text in a message, a thread, a DM, or the log.
    const sent = app.standIn.everythingSent();
    for (const text of PRIVATE) {
      expect(sent, text).not.toContain(text);
      expect(logLines.join('\n'), text).not.toContain(text);
    }
  });
});

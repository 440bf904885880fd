import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { BLOCKS, CALLBACKS } from '../../src/slack/ids.js';
import { headingOf, listUnder, messagesSent, openHome, type HomeBlock } from '../support/app-home.js';
import { PrivateDovecot } from '../support/dovecot.js';
import { caseViaApi } from '../support/ready-case.js';
import { input, newCaseForm } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';

/**
 * The coordinators' inbox in App Home, its mail part (SPEC section 10): the applicants' replies to
 * handle and the e-mails without a case, with Attach to case… and New case. No address, subject, body
 * or sender's name reaches a message or a log line (only the new-case form gets the sender's address).
 */
// One Dovecot for the file (a start costs about a second).
const dovecot = await PrivateDovecot.start();
const logLines: string[] = [];
const app = await startSlackTestApp({
  now: '2026-12-04 10:00',
  logger: createLogger('debug', { write: (l: string) => void logLines.push(l) }),
  mailTiming: { retryBaseMs: 30, pollIntervalMs: 50, reconnectBaseMs: 100 },
  env: { LOCALE: 'it', MAIL_IMAP_URL: dovecot.url() },
});
const COORD = 'UCOORD0001';
await app.grant(COORD, 'coordinator', [], 'Anna Neri');
const reference = await caseViaApi(app, { patient: { name: 'Elena Riva', birthDate: '1955-05-05' }, applicant: { type: 'patient', name: 'Elena Riva' } });
await app.settle();

describe('e-mails from applicants, in Italian (SPEC section 10)', () => {
  const SENDER = 'ignoto.mittente@example.org';
  const PRIVATE = [SENDER, 'Oggetto riservato', 'Testo riservato del messaggio', 'Mittente Ignoto'];

  let n = 0;
  const message = (o: { subject: string; attachment?: boolean }) => {
    const b = `b${++n}`;
    return [
      `From: Mittente Ignoto <${SENDER}>`,
      'To: secondopinion@example.org',
      `Subject: ${o.subject}`,
      `Message-ID: <inbox-${n}-${Date.now()}@example.org>`,
      'Date: Fri, 04 Dec 2026 09:30:00 +0100',
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${b}"`,
      '',
      `--${b}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Testo riservato del messaggio',
      ...(o.attachment ? [`--${b}`, 'Content-Type: application/pdf; name="esami.pdf"', 'Content-Disposition: attachment; filename="esami.pdf"', 'Content-Transfer-Encoding: base64', '', Buffer.alloc(3000, 7).toString('base64')] : []),
      `--${b}--`,
      '',
    ].join('\r\n');
  };

  it('lists the replies to handle and the e-mails without a case; Gestita, Collega a un caso…, Nuovo caso', async () => {
    await dovecot.deliver([message({ subject: `Re: [${reference}] Oggetto riservato`, attachment: true }), message({ subject: 'Oggetto riservato' }), message({ subject: 'Oggetto riservato, ancora' })]);
    await waitFor(async () => Number((await app.db.selectFrom('mail_inbound').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n) === 3 || null);
    await app.settle();

    let home = await openHome(app, COORD);
    const replies = listUnder(home, 'E-mail dei richiedenti da gestire')!;
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(new RegExp(`^\\*<https://[^|]+\\|${reference}>\\* · risposta del ven 4 dic 2026 09:30 · 1 allegato \\(PDF 1, 3 kB\\)$`));
    expect(replies[0]!.buttons.map((b) => b.label)).toEqual(['Gestita']);
    const withoutCase = listUnder(home, 'E-mail senza caso')!;
    expect(withoutCase.map((l) => l.text)).toEqual(['Ricevuta il ven 4 dic 2026 09:30 · nessun allegato', 'Ricevuta il ven 4 dic 2026 09:30 · nessun allegato']);
    expect(withoutCase[0]!.buttons.map((b) => b.label)).toEqual(['Collega a un caso…', 'Nuovo caso', 'Gestita']);

    // Gestita: the reply leaves the list.
    await app.user.click(COORD, replies[0]!.buttons[0]!.id, replies[0]!.buttons[0]!.value).answer;
    await app.settle();
    home = await openHome(app, COORD);
    expect(listUnder(home, 'E-mail dei richiedenti da gestire')).toBeNull();

    // Collega a un caso…: a reference that is no case is answered under the field; the right one attaches it.
    const [attachButton] = withoutCase[0]!.buttons;
    await app.user.click(COORD, attachButton!.id, attachButton!.value).answer;
    const attachModal = await waitFor(() => app.standIn.callsOf('views.open').at(-1)?.body.view as { callback_id: string; private_metadata: string; blocks: HomeBlock[] } | undefined);
    expect(attachModal.callback_id).toBe(CALLBACKS.attachMail);
    const wrong = await app.user.submit(COORD, CALLBACKS.attachMail, { [BLOCKS.caseReference]: input.text('SO-2026-9999') }, JSON.parse(attachModal.private_metadata), attachModal);
    expect(wrong.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.caseReference]: 'Nessun caso SO-2026-9999.' } });
    const notAReference = await app.user.submit(COORD, CALLBACKS.attachMail, { [BLOCKS.caseReference]: input.text('Rossi') }, JSON.parse(attachModal.private_metadata), attachModal);
    expect(notAReference.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.caseReference]: 'Non esiste un caso con questo riferimento' } });
    const right = await app.user.submit(COORD, CALLBACKS.attachMail, { [BLOCKS.caseReference]: input.text(` ${reference.toLowerCase()} `) }, JSON.parse(attachModal.private_metadata), attachModal);
    expect(right.json).toBeNull();
    await app.settle();
    const attachedLine = await waitFor(() => app.standIn.callsOf('chat.postMessage').find((c) => c.body.thread_ts && String(c.body.text).includes('ha collegato a questo caso')));
    expect(attachedLine.body.text).toBe("Anna Neri ha collegato a questo caso un'e-mail ricevuta il ven 4 dic 2026 09:30.");
    const attached = await app.db.selectFrom('mail_inbound').select(['kind', 'handled_by']).where('id', '=', Number(attachButton!.value)).executeTakeFirstOrThrow();
    expect(attached).toEqual({ kind: 'reply', handled_by: COORD });

    // Nuovo caso: the new-case form, its sender's address filled in; sent twice, one case.
    const newCaseButton = listUnder(await openHome(app, COORD), 'E-mail senza caso')![0]!.buttons.find((b) => b.label === 'Nuovo caso')!;
    await app.user.click(COORD, newCaseButton.id, newCaseButton.value).answer;
    const form = await waitFor(() => {
      const v = app.standIn.callsOf('views.open').at(-1)?.body.view as { callback_id: string; private_metadata: string; blocks: HomeBlock[] } | undefined;
      return v?.callback_id === CALLBACKS.newCaseFromMail ? v : null;
    });
    expect(form.blocks.find((b) => b.block_id === BLOCKS.applicantEmail)!.element!.initial_value).toBe(SENDER);
    const values = newCaseForm({ [BLOCKS.applicantEmail]: input.email(SENDER), [BLOCKS.patientName]: input.text('Paolo Neri'), [BLOCKS.applicantName]: input.text('Paolo Neri') });
    const casesBefore = Number((await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    for (let i = 0; i < 2; i++) {
      const created = await app.user.submit(COORD, CALLBACKS.newCaseFromMail, values, JSON.parse(form.private_metadata), form);
      if (i === 0) expect(created.json).toBeNull();
      else expect(JSON.stringify(created.json)).toContain('Già gestito');
    }
    await app.settle();
    const cases = await app.db.selectFrom('cases').select(['id', 'reference']).orderBy('id').execute();
    expect(cases).toHaveLength(casesBefore + 1);
    const mail = await app.db.selectFrom('mail_inbound').select(['case_id', 'kind']).where('id', '=', Number(newCaseButton.value)).executeTakeFirstOrThrow();
    expect(mail).toEqual({ case_id: cases.at(-1)!.id, kind: 'reply' });
    expect(headingOf(await openHome(app, COORD), 'E-mail senza caso')).toBeNull();

    const sent = messagesSent(app);
    for (const text of PRIVATE) {
      expect(sent, text).not.toContain(text);
      expect(logLines.join('\n'), text).not.toContain(text);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../../src/domain/actions.js';
import { messages } from '../../src/i18n/messages.js';
import { ACTION_MODULES, buttonOf, moduleOfButton } from '../../src/slack/actions/registry.js';
import { CALLBACKS, ELEMENTS, HOME_ACTIONS } from '../../src/slack/ids.js';
import { MAIL_ACTIONS } from '../../src/slack/mail.js';

describe('one module per Slack action', () => {
  it('every action of the table has its module, under its own name', () => {
    expect(Object.keys(ACTION_MODULES).sort()).toEqual([...CASE_ACTIONS].sort());
    for (const [action, module] of Object.entries(ACTION_MODULES)) expect(module.action).toBe(action);
  });

  it('keeps the ids of buttons and forms already posted in Slack: a card posted last week still works', () => {
    const ids = Object.fromEntries(Object.values(ACTION_MODULES).map((m) => [m.action, { button: m.button?.id ?? null, form: 'form' in m ? m.form.callbackId : null }]));
    expect(ids).toEqual({
      claim: { button: 'case_claim', form: null },
      deliver: { button: 'case_deliver', form: 'deliver' },
      info_received: { button: 'case_info_received', form: 'info_received' },
      request_info: { button: 'case_request_info', form: 'request_info' },
      assign: { button: 'case_assign', form: 'assign' },
      record_documents: { button: 'case_documents', form: 'documents' },
      reject_document: { button: null, form: null },
      confirm_payment: { button: 'case_payment', form: 'payment' },
      record_transfer: { button: null, form: null },
      release: { button: 'case_release', form: 'release' },
      request_consult: { button: 'case_request_consult', form: 'request_consult' },
      view_details: { button: 'case_details', form: null },
      cancel: { button: 'case_cancel', form: 'cancel' },
      claim_consult: { button: 'consult_claim', form: null },
      assign_consult: { button: 'consult_assign', form: 'assign_consult' },
      answer_consult: { button: 'consult_answer', form: 'answer_consult' },
      withdraw_consult: { button: 'consult_withdraw', form: 'withdraw_consult' },
      erase_personal_data: { button: null, form: null },
    });
  });

  it('no two interactive elements or forms share an id, so a click reaches exactly one handler', () => {
    const modules = Object.values(ACTION_MODULES);
    const actionIds = [
      ...modules.flatMap((m) => (m.button ? [m.button.id] : [])),
      ...Object.values(ELEMENTS),
      ...Object.values(HOME_ACTIONS),
      ...Object.values(MAIL_ACTIONS),
    ];
    const callbackIds = [...modules.flatMap((m) => ('form' in m ? [m.form.callbackId] : [])), ...Object.values(CALLBACKS)];
    expect(new Set(actionIds).size).toBe(actionIds.length);
    expect(new Set(callbackIds).size).toBe(callbackIds.length);
  });

  it('every button has a click, words in both languages and finds its way back from an overflow option', () => {
    for (const module of Object.values(ACTION_MODULES)) {
      if (!module.button) continue;
      expect('click' in module, module.action).toBe(true);
      expect(moduleOfButton(module.button.id)).toBe(module);
      for (const locale of ['en', 'it'] as const) {
        const words = module.button.label(messages(locale), 'Radiologia');
        expect(words.length, `${module.action} ${locale}`).toBeGreaterThan(2);
        expect(messages(locale).actions[module.action].who.length).toBeGreaterThan(10);
      }
    }
    expect(buttonOf('claim_consult')).toBe('consult_claim');
    expect(ACTION_MODULES.claim_consult.button.label(messages('en'), 'Radiology')).toBe('Claim Radiology consult');
  });
});

import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { foldCase, slaTimeline } from '../../src/domain/case.js';
import type { CaseEventData, NewCaseEvent } from '../../src/domain/events.js';
import { requiredItems } from '../../src/domain/checklist.js';
import { slaStatus } from '../../src/domain/sla.js';
import type { Locale } from '../../src/i18n/locale.js';
import type { CaseView } from '../../src/services/cases.js';
import { BLOCKS } from '../../src/slack/ids.js';
import { absenceModal, reassignAllModal } from '../../src/slack/views/board-home.js';
import { newCaseModal } from '../../src/slack/views/modals.js';
import type { RenderContext } from '../../src/slack/views/render-context.js';
import { rome } from '../support/time.js';
import { assignConsultModal } from '../../src/slack/actions/assign-consult.js';
import { requestConsultModal } from '../../src/slack/actions/request-consult.js';
import { withdrawConsultModal } from '../../src/slack/actions/withdraw-consult.js';
import { assignModal } from '../../src/slack/actions/assign.js';
import { cancelModal } from '../../src/slack/actions/cancel.js';
import { deliverModal } from '../../src/slack/actions/deliver.js';
import { detailsModal } from '../../src/slack/actions/view-details.js';
import { documentsModal } from '../../src/slack/actions/record-documents.js';
import { infoReceivedModal } from '../../src/slack/actions/info-received.js';
import { paymentModal } from '../../src/slack/actions/confirm-payment.js';
import { requestInfoModal } from '../../src/slack/actions/request-info.js';

/** SPEC section 5, "Modals guide": every modal, in both languages, read field by field. */

const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
const NOW = rome('2026-12-04 11:00');
const DOC = 'UDOC00001';
const ctx = (locale: Locale): RenderContext => ({ locale, zone: 'Europe/Rome', workingDayMs: calendar.workingDayMs, areaLabels: new Map(), nowMs: NOW, links: new Map() });

function caseOf(...later: [string, CaseEventData][]): CaseView {
  const created = rome('2026-11-30 09:00');
  const events: NewCaseEvent[] = [
    {
      actor: 'api:portal',
      effectiveAtMs: created,
      recordedAtMs: created,
      reason: null,
      data: { type: 'case_created', applicantType: 'patient', pathologyArea: 'head_and_neck', language: 'it', imageReview: false, deliveryChannel: 'courier', expectedCents: 51_800 },
    },
    ...later.map(([at, data]): NewCaseEvent => ({ actor: 'UCOORD0001', effectiveAtMs: rome(at), recordedAtMs: rome(at), reason: null, data })),
  ];
  const state = foldCase(events);
  return { id: 1, reference: 'SO-2026-0001', externalId: null, state, sla: slaStatus(calendar, slaTimeline(state), NOW, 5 * calendar.workingDayMs), board: { lead: null, consults: [] } };
}
const intake = caseOf();
const ready = caseOf(...requiredItems('patient', false).map((item): [string, CaseEventData] => ['2026-11-30 10:00', { type: 'document_received', item }]));
const review = caseOf(...requiredItems('patient', false).map((item): [string, CaseEventData] => ['2026-11-30 10:00', { type: 'document_received', item }]), ['2026-12-01 10:00', { type: 'claimed', assignee: DOC }]);
const DOCTORS = [
  { userId: DOC, name: 'Dr Bianchi', openCases: 1, openConsults: 0, suggested: true, areas: ['head_and_neck', 'prostate'], away: false },
  { userId: 'UDOC00002', name: 'Dr Verdi', openCases: 0, openConsults: 0, suggested: false, areas: ['head_and_neck'], away: true },
  { userId: 'URAD00001', name: 'Dr Neri', openCases: 0, openConsults: 1, suggested: false, areas: ['radiology'], away: false },
];

function everyModal(locale: Locale): [string, ModalView][] {
  const c = ctx(locale);
  const personal = { applicantName: 'A B', applicantEmail: null, applicantPhone: null, patientName: 'C D', patientBirthDate: '1961-04-02', patientTaxCode: null, patientEmail: null, patientPhone: null, notes: null };
  return [
    ['new case', newCaseModal(c, ['head_and_neck', 'prostate'])],
    ['documents (intake)', documentsModal(c, intake)],
    ['documents (complete)', documentsModal(c, ready)],
    ['payment', paymentModal(c, review)],
    ['request info', requestInfoModal(c, review)],
    ['info received', infoReceivedModal(c, review, null)],
    ['assign', assignModal(c, review, DOCTORS)],
    ['deliver', deliverModal(c, review)],
    ['cancel', cancelModal(c, review)],
    ['details', detailsModal(c, review, personal)],
    ['request consult', requestConsultModal(c, review.reference, ['radiology'], rome('2026-12-04 16:00'), rome('2026-12-07 10:00'))],
    ['assign consult', assignConsultModal(c, review.reference, { id: 1, area: 'radiology' }, DOCTORS)],
    ['withdraw consult', withdrawConsultModal(c, review.reference, { id: 1, area: 'radiology' })],
    ['absence', absenceModal(c, DOC, '2026-12-04')],
    ['reassign all', reassignAllModal(c, DOC, 2, DOCTORS)],
  ];
}

type Input = { type: string; block_id: string; optional?: boolean; label: { text: string }; hint?: { text: string }; element: Record<string, unknown> & { type: string } };
const inputs = (view: ModalView) => (view.blocks as unknown as Input[]).filter((b) => b.type === 'input');
const texts = (view: ModalView) => JSON.stringify(view.blocks);

describe.each(['en', 'it'] as const)('modals guide in %s', (locale) => {
  const modals = everyModal(locale);

  it('every free-text field, date and choice shows an example or a prompt as placeholder; every date-time picker has an example in its hint', () => {
    for (const [kind, view] of modals) {
      for (const b of inputs(view)) {
        const e = b.element;
        if (e.type === 'datetimepicker') {
          // Slack's date-time picker takes no placeholder: the hint carries the example.
          expect(b.hint?.text, `${kind} ${b.block_id}`).toBeTruthy();
          continue;
        }
        if (e.type === 'checkboxes') continue;
        if (['static_select', 'users_select'].includes(e.type) && (e.initial_option || e.initial_user)) continue;
        expect((e.placeholder as { text?: string } | undefined)?.text, `${kind} ${b.block_id}`).toBeTruthy();
      }
    }
    const newCase = inputs(modals[0]![1]);
    const example = (block: string) => (newCase.find((b) => b.block_id === block)!.element.placeholder as { text: string }).text;
    expect(example(BLOCKS.applicantName)).toMatch(locale === 'en' ? /^e\.g\. / : /^ad es\. /);
    expect(example(BLOCKS.notes)).toMatch(locale === 'en' ? /^e\.g\. / : /^ad es\. /);
  });

  it('"(optional)" is left to Slack: no label says it again', () => {
    for (const [kind, view] of modals) {
      for (const b of inputs(view)) expect(b.label.text, `${kind} ${b.block_id}`).not.toMatch(/optional|facoltativ/i);
    }
  });

  it('Deliver asks when the opinion left (now by default) and an optional courier tracking number', () => {
    const deliver = inputs(modals.find(([k]) => k === 'deliver')![1]);
    const at = deliver.find((b) => b.block_id === BLOCKS.deliveredAt)!;
    expect(at.element.type).toBe('datetimepicker');
    expect(at.element.initial_date_time).toBe(Math.floor(NOW / 1000));
    expect(at.optional).toBe(false);
    const tracking = deliver.find((b) => b.block_id === BLOCKS.courierTracking)!;
    expect(tracking.optional).toBe(true);
    expect(tracking.element.type).toBe('plain_text_input');
  });

  it('Assign says who covers the case area and who is away; each doctor shows their areas', () => {
    const view = modals.find(([k]) => k === 'assign')![1];
    const text = texts(view);
    const [headNeck, radiology] = locale === 'en' ? ['Head and neck', 'Radiology'] : ['Testa e collo', 'Radiologia'];
    const covers = (view.blocks[1] as { elements: { text: string }[] }).elements[0]!.text;
    expect(covers).toContain(headNeck);
    expect(covers).toContain('Dr Bianchi');
    expect(covers).toMatch(locale === 'en' ? /Away: Dr Verdi/ : /Assenti: Dr Verdi/);
    expect(covers).not.toContain('Dr Neri');
    expect(text).toContain(`Dr Neri · ${radiology} ·`);
    expect(text).toMatch(new RegExp(`Dr Verdi · ${headNeck} · [^"]*${locale === 'en' ? 'away' : 'assente'}`));
    // A consult held is not an open case: the radiologist's load says which is which.
    expect(text).toContain(locale === 'en' ? 'Dr Neri · Radiology · 0 open cases · 1 consult' : 'Dr Neri · Radiologia · 0 casi aperti · 1 consulto');
    expect(text).toContain(locale === 'en' ? 'Dr Bianchi · Head and neck, Prostate · 1 open case"' : 'Dr Bianchi · Testa e collo, Prostata · 1 caso aperto"');
  });
});

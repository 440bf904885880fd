import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { foldCase, slaTimeline } from '../../src/domain/case.js';
import { type CaseEventData, type NewCaseEvent } from '../../src/domain/events.js';
import { requiredItems } from '../../src/domain/checklist.js';
import { slaStatus } from '../../src/domain/sla.js';
import type { CaseView } from '../../src/services/cases.js';
import { BLOCKS, ELEMENTS } from '../../src/slack/ids.js';
import { caseCard } from '../../src/slack/views/case-card.js';
import { caseLine } from '../../src/slack/views/case-lines.js';
import type { RenderContext } from '../../src/slack/views/render-context.js';
import { rome } from '../support/time.js';
import { parseEuroCents } from '../../src/slack/forms.js';
import { buttonOf } from '../../src/slack/actions/registry.js';
import { detailsModal } from '../../src/slack/actions/view-details.js';
import { documentsModal } from '../../src/slack/actions/record-documents.js';
import { paymentModal } from '../../src/slack/actions/confirm-payment.js';

const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
const TARGET = 5 * calendar.workingDayMs;
const ctx = (nowMs: number, locale: 'en' | 'it' = 'en', links?: Map<number, string>): RenderContext => ({
  locale,
  zone: 'Europe/Rome',
  workingDayMs: calendar.workingDayMs,
  nowMs,
  areaLabels: new Map(),
  ...(links ? { links } : {}),
});

/** A case told as its history: created on Mon 30 Nov at 09:00, then the given events (at, data, reason). */
function caseOf(nowMs: number, ...later: [string, CaseEventData, string?][]): CaseView {
  const created = rome('2026-11-30 09:00');
  const events: NewCaseEvent[] = [
    {
      actor: 'api:portal',
      effectiveAtMs: created,
      recordedAtMs: created,
      reason: null,
      data: { type: 'case_created', applicantType: 'patient', pathologyArea: 'head_and_neck', language: 'it', imageReview: false, deliveryChannel: 'email', expectedCents: 51_800 },
    },
    ...later.map(([at, data, reason]): NewCaseEvent => ({ actor: 'UCOORD0001', effectiveAtMs: rome(at), recordedAtMs: rome(at), reason: reason ?? null, data })),
  ];
  const state = foldCase(events);
  return { id: 7, reference: 'SO-2026-0007', externalId: null, state, sla: slaStatus(calendar, slaTimeline(state), nowMs, TARGET), board: { lead: null, consults: [] } };
}

const allReceived = (at: string): [string, CaseEventData][] => requiredItems('patient', false).map((item) => [at, { type: 'document_received', item }]);
const paid: [string, CaseEventData] = ['2026-11-30 10:00', { type: 'payment_confirmed', receivedCents: 51_800, valueDate: '2026-11-30', bankReference: 'CRO 77', mismatch: null }];
const claimed: [string, CaseEventData] = ['2026-11-30 11:00', { type: 'claimed', assignee: 'UDOC00001' }];

const blocksText = (blocks: unknown) => JSON.stringify(blocks);
const firstLine = (card: { blocks: unknown[] }) => String((card.blocks[0] as { text: { text: string } }).text.text).split('\n');

describe('the card reads at a glance', () => {
  it('a case breached by days says so first, in red, with its area label and holder', () => {
    const now = rome('2026-12-14 12:00');
    const card = caseCard(caseOf(now, ...allReceived('2026-11-30 09:00'), paid, claimed), ctx(now));
    const [first, sla] = firstLine(card);
    // Reference · state · holder · area (SPEC section 5, "The card never lies"), then the due instant in words.
    expect(first).toBe(':red_circle: *SO-2026-0007* · breached by 3 working days 3 h · <@UDOC00001> · *Head and neck*');
    expect(sla).toBe('Breached by 3 working days 3 h · was due Fri 4 Dec 2026 18:00');
    const named = caseCard(caseOf(now, ...allReceived('2026-11-30 09:00'), paid, claimed), { ...ctx(now), names: new Map([['UDOC00001', 'Dr Bianchi']]) });
    expect(firstLine(named)[0]).toBe(':red_circle: *SO-2026-0007* · breached by 3 working days 3 h · Dr Bianchi · *Head and neck*');
    expect(blocksText(card.blocks)).not.toContain('head_and_neck');
  });

  it('a healthy case is green with the time left; one due within a working day is orange', () => {
    const monday = rome('2026-11-30 12:00');
    expect(firstLine(caseCard(caseOf(monday, ...allReceived('2026-11-30 09:00')), ctx(monday)))).toEqual([
      ':large_green_circle: *SO-2026-0007* · 4 working days 6 h left · no reviewer yet · *Head and neck*',
      '4 working days 6 h left · due Fri 4 Dec 2026 18:00',
    ]);
    const friday = rome('2026-12-04 11:00');
    expect(firstLine(caseCard(caseOf(friday, ...allReceived('2026-11-30 09:00')), ctx(friday)))[0]).toBe(':large_orange_circle: *SO-2026-0007* · due soon: 7 working h left · no reviewer yet · *Head and neck*');
    const imminent = rome('2026-12-04 15:00');
    expect(firstLine(caseCard(caseOf(imminent, ...allReceived('2026-11-30 09:00')), ctx(imminent)))[0]).toBe(':large_orange_circle: *SO-2026-0007* · due very soon: 3 working h left · no reviewer yet · *Head and neck*');
  });

  it('reads in Italian with Italian labels for area, status and applicant', () => {
    const now = rome('2026-11-30 12:00');
    const text = blocksText(caseCard(caseOf(now, ...allReceived('2026-11-30 09:00'), claimed), ctx(now, 'it')).blocks);
    expect(text).toContain('· <@UDOC00001> · *Testa e collo*');
    expect(text).toContain('In valutazione · pagamento da confermare');
    expect(text).toContain('Paziente');
    expect(text).toContain('ancora 4 giorni lavorativi 6 h');
  });

  it('one primary button; Release and Cancel sit in an overflow menu', () => {
    const now = rome('2026-11-30 12:00');
    const card = caseCard(caseOf(now, ...allReceived('2026-11-30 09:00'), paid, claimed), ctx(now));
    const actions = card.blocks.find((b) => b.type === 'actions') as { elements: { type: string; action_id: string; style?: string; options?: { value: string }[] }[] };
    expect(actions.elements.filter((e) => e.style === 'primary')).toHaveLength(1);
    expect(actions.elements.filter((e) => e.style === 'danger')).toHaveLength(0);
    const overflow = actions.elements.find((e) => e.type === 'overflow')!;
    expect(overflow.options!.map((o) => o.value)).toEqual(expect.arrayContaining([`${buttonOf('release')}|SO-2026-0007`, `${buttonOf('cancel')}|SO-2026-0007`]));
    expect(actions.elements.map((e) => e.action_id)).not.toContain(buttonOf('release'));
    expect(actions.elements.map((e) => e.action_id)).not.toContain(buttonOf('cancel'));
    // A row to scan at a glance: the primary and at most three others, then the menu.
    expect(actions.elements.length).toBeLessThanOrEqual(5);
  });

  it('a delivered card shows the outcome and turnaround against the target, and no stale missing or payment lines', () => {
    const now = rome('2026-12-03 12:00');
    const delivered = caseOf(now, ...allReceived('2026-11-30 09:00'), paid, claimed, ['2026-12-03 12:00', { type: 'delivered' }]);
    const card = caseCard(delivered, ctx(now));
    expect(firstLine(card)).toEqual([
      ':white_check_mark: *SO-2026-0007* · delivered on time · <@UDOC00001> · *Head and neck*',
      'Met: delivered in 3.3 working days (target 5 working days)',
    ]);
    const text = blocksText(card.blocks);
    expect(text).not.toContain('Missing');
    expect(text).not.toContain('Payment');
    expect(text).not.toContain('Paid');
    const cancelled = caseCard(caseOf(now, ['2026-12-01 10:00', { type: 'cancelled' }, 'duplicate']), ctx(now));
    expect(blocksText(cancelled.blocks)).not.toContain('Missing');
  });
});

describe('lines link to the card', () => {
  it('a case line names the case as a link to its card, its area label and who holds it', () => {
    const now = rome('2026-11-30 12:00');
    const line = caseLine(caseOf(now, ...allReceived('2026-11-30 09:00'), claimed), ctx(now, 'en', new Map([[7, 'https://x.slack.com/archives/C1/p1']])));
    expect(line).toMatch(/^\*<https:\/\/x\.slack\.com\/archives\/C1\/p1\|SO-2026-0007>\* · Head and neck · In review · payment pending · :large_green_circle: .* · held by <@UDOC00001>$/);
  });
});

describe('modals', () => {
  it('documents: names its case, shows each item state, offers only what is not received, rejects several at once', () => {
    const now = rome('2026-11-30 12:00');
    const c = caseOf(now, ['2026-11-30 10:00', { type: 'document_received', item: 'request_form' }], ['2026-11-30 10:00', { type: 'document_rejected', item: 'privacy_consent' }, 'illegible']);
    const view = documentsModal(ctx(now), c);
    const text = blocksText(view.blocks);
    expect(text).toContain('*SO-2026-0007* · Head and neck · Intake');
    expect(text).toContain(':white_check_mark: Signed request form: received Mon 30 Nov 2026 10:00');
    expect(text).toContain(':x: Privacy consent (countersigned): rejected (illegible)');
    const received = view.blocks.find((b) => b.block_id === BLOCKS.receivedItems) as { element: { options: { value: string }[] } };
    expect(received.element.options.map((o) => o.value)).not.toContain('request_form');
    const reject = view.blocks.find((b) => b.block_id === BLOCKS.rejectItem) as { element: { type: string } };
    expect(reject.element.type).toBe('multi_static_select');
  });

  it('payment: names its case, amount in the locale format, value date today, a button for the details on top', () => {
    const now = rome('2026-12-02 12:00');
    const view = paymentModal(ctx(now, 'it'), caseOf(now));
    const text = blocksText(view.blocks);
    expect(text).toContain('*SO-2026-0007* · Testa e collo · In accettazione');
    const amount = view.blocks.find((b) => b.block_id === BLOCKS.amount) as { element: { initial_value: string } };
    expect(amount.element.initial_value).toBe('518,00');
    const valueDate = view.blocks.find((b) => b.block_id === BLOCKS.valueDate) as { element: { initial_date: string } };
    expect(valueDate.element.initial_date).toBe('2026-12-02');
    expect(text).toContain(ELEMENTS.paymentDetails);
  });

  it('details: birth date in the locale format, the pending question, reasons and the bank reference', () => {
    const now = rome('2026-12-02 12:00');
    const c = caseOf(now, ...allReceived('2026-11-30 09:00'), ['2026-11-30 10:00', { type: 'payment_confirmed', receivedCents: 50_000, valueDate: '2026-11-30', bankReference: 'CRO 77', mismatch: 'underpaid' }, 'bank fees'], claimed, ['2026-12-01 10:00', { type: 'info_requested', question: 'Latest PSA?' }]);
    const view = detailsModal(
      ctx(now, 'it'),
      c,
      { applicantName: 'A', applicantEmail: null, applicantPhone: null, patientName: 'P', patientBirthDate: '1961-04-02', patientTaxCode: null, patientEmail: null, patientPhone: null, notes: null },
      { text: 'Latest PSA?', askedBy: 'UDOC00001', askedAtMs: rome('2026-12-01 10:00') },
    );
    const text = blocksText(view.blocks);
    expect(text).toContain('2 apr 1961');
    expect(text).not.toContain('1961-04-02');
    expect(text).toContain('Latest PSA?');
    expect(text).toContain('CRO 77');
    expect(text).toContain('bank fees');
  });
});

describe('amounts as people type them', () => {
  it.each([
    ['668', 66_800],
    ['668,00', 66_800],
    ['668.00', 66_800],
    ['€ 668', 66_800],
    ['668 €', 66_800],
    ['EUR 518,5', 51_850],
    ['1.068,00', 106_800],
    ['1,068.00', 106_800],
  ])('%s is %i cents', (typed, cents) => {
    expect(parseEuroCents(typed)).toBe(cents);
  });
  it.each(['five hundred', '', '6,6,8', '1.068.00', '€'])('%s is refused', (typed) => {
    expect(parseEuroCents(typed)).toBeNull();
  });
});

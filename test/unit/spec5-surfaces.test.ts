import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { foldCase, slaTimeline } from '../../src/domain/case.js';
import { type CaseEventData, type NewCaseEvent } from '../../src/domain/events.js';
import { CHECKLIST_ITEMS, requiredItems } from '../../src/domain/checklist.js';
import type { ReminderFacts } from '../../src/domain/notification-policy.js';
import { slaStatus } from '../../src/domain/sla.js';
import { en } from '../../src/i18n/en.js';
import { it as itCatalogue } from '../../src/i18n/it.js';
import type { Locale } from '../../src/i18n/locale.js';
import type { CaseView } from '../../src/services/cases.js';
import type { Digest } from '../../src/services/digest.js';
import { ELEMENTS } from '../../src/slack/ids.js';
import { alertMessage } from '../../src/slack/views/alert.js';
import { caseCard } from '../../src/slack/views/case-card.js';
import { caseLines } from '../../src/slack/views/case-lines.js';
import { digestMessage } from '../../src/slack/views/digest.js';
import { homeView } from '../../src/slack/views/home.js';
import { newCaseModal } from '../../src/slack/views/modals.js';
import type { RenderContext } from '../../src/slack/views/render-context.js';
import { threadLine } from '../../src/slack/views/thread-line.js';
import { blockKitViolations } from '../support/block-kit-limits.js';
import { rome } from '../support/time.js';
import { buttonOf } from '../../src/slack/actions/registry.js';
import { assignModal } from '../../src/slack/actions/assign.js';
import { cancelModal } from '../../src/slack/actions/cancel.js';
import { deliverModal } from '../../src/slack/actions/deliver.js';
import { detailsModal } from '../../src/slack/actions/view-details.js';
import { documentsModal } from '../../src/slack/actions/record-documents.js';
import { infoReceivedModal } from '../../src/slack/actions/info-received.js';
import { paymentModal } from '../../src/slack/actions/confirm-payment.js';
import { releaseModal } from '../../src/slack/actions/release.js';
import { requestInfoModal } from '../../src/slack/actions/request-info.js';

/**
 * SPEC section 5, rule by rule, over every payload kind the app sends, in both languages: cards in
 * every state, thread lines, every alert, the digest, App Home of each role, every modal, command replies.
 */

const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
const TARGET = 5 * calendar.workingDayMs;
const NOW = rome('2026-12-14 08:45');
const DOC = 'UDOC00001';
const COORD = 'UCOORD0001';

let nextId = 0;
function caseOf(area: string, ...later: [string, CaseEventData, string?][]): CaseView {
  const created = rome('2026-11-30 09:00');
  const events: NewCaseEvent[] = [
    {
      actor: 'api:portal',
      effectiveAtMs: created,
      recordedAtMs: created,
      reason: null,
      data: { type: 'case_created', applicantType: 'representative', pathologyArea: area, language: 'en', imageReview: false, deliveryChannel: 'courier', expectedCents: 51_800 },
    },
    ...later.map(([at, data, reason]): NewCaseEvent => ({ actor: COORD, effectiveAtMs: rome(at), recordedAtMs: rome(at) + 3_600_000, reason: reason ?? null, data })),
  ];
  const state = foldCase(events);
  const id = ++nextId;
  return { id, reference: `SO-2026-${String(id).padStart(4, '0')}`, externalId: null, state, sla: slaStatus(calendar, slaTimeline(state), NOW, TARGET), board: { lead: null, consults: [] } };
}
const docs = (at: string): [string, CaseEventData][] => requiredItems('representative', false).map((item) => [at, { type: 'document_received', item }]);
const paid: [string, CaseEventData] = ['2026-12-01 10:00', { type: 'payment_confirmed', receivedCents: 51_800, valueDate: '2026-12-01', bankReference: 'CRO 9', mismatch: null }];
const claim: [string, CaseEventData] = ['2026-12-01 11:00', { type: 'claimed', assignee: DOC }];

const CASES = {
  intake: caseOf('head_and_neck', ['2026-11-30 10:00', { type: 'document_rejected', item: 'privacy_consent' }, 'not_countersigned']),
  readyPaymentPending: caseOf('brain_and_spine', ...docs('2026-12-11 09:00')),
  inReview: caseOf('head_and_neck', ...docs('2026-12-10 09:00'), paid, ['2026-12-11 11:00', { type: 'claimed', assignee: DOC }]),
  paused: caseOf('paediatric', ...docs('2026-12-01 09:00'), paid, claim, ['2026-12-02 10:00', { type: 'info_requested', question: 'MRI?' }]),
  breached: caseOf('head_and_neck', ...docs('2026-11-30 09:00'), paid, claim),
  deliveredMet: caseOf('prostate', ...docs('2026-11-30 09:00'), paid, claim, ['2026-12-03 12:00', { type: 'delivered' }]),
  deliveredLate: caseOf('brain_and_spine', ...docs('2026-11-30 09:00'), paid, claim, ['2026-12-11 12:00', { type: 'delivered' }]),
  cancelled: caseOf('eye', ['2026-12-01 10:00', { type: 'cancelled' }, 'duplicate']),
};
const ALL = Object.values(CASES);
const OPEN = [CASES.intake, CASES.readyPaymentPending, CASES.inReview, CASES.paused, CASES.breached];
const permalink = (id: number) => `https://opinion-desk.slack.com/archives/CTRIAGE/p17000000000${String(id).padStart(2, '0')}00`;
const LINKS = new Map(ALL.map((c) => [c.id, permalink(c.id)]));
const ctx = (locale: Locale): RenderContext => ({ locale, zone: 'Europe/Rome', workingDayMs: calendar.workingDayMs, areaLabels: new Map(), nowMs: NOW, links: LINKS });

const REMINDERS: ReminderFacts[] = [
  { kind: 'unclaimed', sinceMs: rome('2026-12-11 09:00') },
  { kind: 'unclaimed_escalation', sinceMs: rome('2026-12-11 09:00'), dueAtMs: rome('2026-12-18 09:00'), overdueMs: null },
  { kind: 'unclaimed_escalation', sinceMs: rome('2026-11-30 09:00'), dueAtMs: rome('2026-12-04 18:00'), overdueMs: 4 * 3_600_000 },
  { kind: 'due_soon', dueAtMs: rome('2026-12-15 09:00'), remainingMs: 9 * 3_600_000 },
  { kind: 'due_imminent', dueAtMs: rome('2026-12-14 11:00'), remainingMs: 2 * 3_600_000 },
  { kind: 'breached', dueAtMs: rome('2026-12-04 18:00'), overdueMs: 2 * calendar.workingDayMs },
  { kind: 'awaiting_info', sinceMs: rome('2026-12-02 10:00'), waitedMs: 2 * calendar.workingDayMs, askedBy: DOC },
  { kind: 'intake_stale', missing: 3, createdAtMs: rome('2026-11-30 09:00'), waitedMs: 5 * calendar.workingDayMs },
  { kind: 'payment_pending', transferReceivedAtMs: rome('2026-12-09 09:00'), waitedMs: 3 * calendar.workingDayMs, reviewUnderWay: true },
];
/** What each alert asks for, as a button. */
const ASKS: Partial<Record<ReminderFacts['kind'], string>> = {
  unclaimed: buttonOf('claim'),
  unclaimed_escalation: buttonOf('assign'),
  awaiting_info: buttonOf('info_received'),
  intake_stale: buttonOf('record_documents'),
  payment_pending: buttonOf('confirm_payment'),
};

function digestOf(): Digest {
  const page = (items: CaseView[]) => ({ total: items.length, items });
  return {
    generatedAtMs: NOW,
    isoDate: '2026-12-14',
    counts: { intake: 1, ready: 1, in_review: 2, awaiting_info: 1 },
    breached: page([CASES.breached]),
    dueSoon: page([CASES.inReview]),
    unassigned: page([CASES.readyPaymentPending]),
    pausedLongest: page([CASES.paused]),
    paymentPending: 1,
    since: { fromMs: rome('2026-12-11 08:30'), created: 2, delivered: 1 },
    last30Days: { delivered: 2, onTimeRate: 0.5, medianTurnaroundWorkingDays: 4.2 },
    openPerDoctor: [{ userId: DOC, open: 3 }],
  };
}

type Payload = { kind: string; method: string; body: Record<string, unknown> };

/** Every payload kind, rendered for one locale. */
function everyPayload(locale: Locale): { cards: Payload[]; threads: Payload[]; alerts: (Payload & { facts: ReminderFacts; caseId: number })[]; modals: (Payload & { reference: string | null })[]; lists: Payload[] } {
  const c = ctx(locale);
  const cards = ALL.map((v) => ({ kind: `card ${v.reference}`, method: 'chat.postMessage', body: caseCard(v, c) }));
  const threads = ALL.flatMap((v) => {
    const history: NewCaseEvent[] = [];
    return [{ kind: `thread ${v.reference}`, method: 'chat.postMessage', body: { text: threadLine({ before: null, after: v.state, sla: v.sla, events: history, actorId: COORD }, c) } }];
  });
  // Each event of each case as its own thread line.
  for (const v of [CASES.paused, CASES.deliveredLate, CASES.cancelled, CASES.intake]) {
    const created = caseOf(v.state.pathologyArea);
    threads.push({ kind: 'thread created', method: 'chat.postMessage', body: { text: threadLine({ before: null, after: created.state, sla: created.sla, events: [{ actor: 'api:portal', effectiveAtMs: NOW, recordedAtMs: NOW, reason: null, data: { type: 'case_created', applicantType: 'patient', pathologyArea: 'eye', language: 'it', imageReview: false, deliveryChannel: 'email', expectedCents: 51_800 } }], actorId: 'api:portal' }, c) } });
  }
  const alerts = REMINDERS.map((facts) => {
    const about = facts.kind === 'unclaimed' || facts.kind === 'unclaimed_escalation' ? CASES.readyPaymentPending : CASES.breached;
    return { kind: `alert ${facts.kind}`, method: 'chat.postMessage', body: alertMessage(about, facts, c), facts, caseId: about.id };
  });
  const question = { text: 'MRI?', askedBy: DOC, askedAtMs: rome('2026-12-02 10:00') };
  const personal = { applicantName: 'A B', applicantEmail: null, applicantPhone: null, patientName: 'C D', patientBirthDate: '1961-04-02', patientTaxCode: null, patientEmail: null, patientPhone: null, notes: null };
  const doctors = [
    { userId: DOC, name: 'Dr Bianchi', openCases: 2, suggested: true, areas: ['head_and_neck'], away: false },
    { userId: 'UDOC00009', name: null, openCases: 0, suggested: false, areas: ['radiology'], away: true },
  ];
  const v = CASES.inReview;
  const modals = [
    { kind: 'modal new case', reference: null, view: newCaseModal(c, ['head_and_neck', 'brain_and_spine', 'prostate']) },
    { kind: 'modal documents', reference: CASES.intake.reference, view: documentsModal(c, CASES.intake) },
    { kind: 'modal payment', reference: CASES.readyPaymentPending.reference, view: paymentModal(c, CASES.readyPaymentPending) },
    { kind: 'modal request info', reference: v.reference, view: requestInfoModal(c, v) },
    { kind: 'modal info received', reference: CASES.paused.reference, view: infoReceivedModal(c, CASES.paused, question) },
    { kind: 'modal assign', reference: v.reference, view: assignModal(c, v, doctors) },
    { kind: 'modal deliver', reference: v.reference, view: deliverModal(c, v) },
    { kind: 'modal release', reference: v.reference, view: releaseModal(c, v) },
    { kind: 'modal cancel', reference: v.reference, view: cancelModal(c, v) },
    { kind: 'modal details', reference: CASES.paused.reference, view: detailsModal(c, CASES.paused, personal, question) },
  ].map((x) => ({ kind: x.kind, method: 'views.open', reference: x.reference, body: { view: x.view } }));
  const page = (items: CaseView[]) => ({ total: items.length, items });
  const home = (roles: ('doctor' | 'coordinator' | 'manager')[]) =>
    homeView(
      {
        viewer: { id: roles[0] === 'doctor' ? DOC : COORD, roles: new Set(roles) },
        reviewsCases: true,
        mine: page([CASES.inReview, CASES.paused]),
        claimable: page([CASES.readyPaymentPending]),
        waitingDocuments: page([CASES.intake]),
        waitingPayment: page([CASES.readyPaymentPending]),
        unassigned: page([CASES.readyPaymentPending]),
        toChase: page([CASES.paused]),
        askedFor: new Map([[CASES.paused.id, { by: DOC, atMs: rome('2026-12-02 10:00') }]]),
        breached: page([CASES.breached]),
        dueSoon: page([CASES.inReview]),
        summary: { open: 5, breached: 1, dueSoon: 1, paused: 1 },
      },
      c,
    );
  const lists = [
    { kind: 'digest', method: 'chat.postMessage', body: digestMessage(digestOf(), c) },
    { kind: 'home doctor', method: 'views.publish', body: { view: home(['doctor']) } },
    { kind: 'home coordinator', method: 'views.publish', body: { view: home(['coordinator']) } },
    { kind: 'home manager', method: 'views.publish', body: { view: home(['manager']) } },
    { kind: '/so list', method: 'chat.postEphemeral', body: { text: caseLines(OPEN, c) } },
  ];
  return { cards, threads, alerts, modals, lists };
}

/** The text a person reads in a payload (not ids, values or URLs that only Slack reads). */
function visibleText(body: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key === 'text') out.push(v);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body, '');
  return out.join('\n');
}

/** What is left once links, mentions and emoji codes (which Slack renders) are taken out. */
const readableWords = (text: string) => text.replace(/<[^>|]+\|([^>]+)>/g, '$1').replace(/<@[UW][A-Z0-9]+>/g, '@someone').replace(/:[a-z_]+:/g, '');

const INTERNAL_IDS = [...CHECKLIST_ITEMS, 'head_and_neck', 'brain_and_spine', 'in_review', 'awaiting_info', 'not_countersigned', 'api:portal', 'needs_role'];

describe.each(['en', 'it'] as const)('SPEC section 5 in %s', (locale) => {
  const p = everyPayload(locale);
  const all = [...p.cards, ...p.threads, ...p.alerts, ...p.modals, ...p.lists];

  it('no internal id, raw user id or ISO date reaches a person: labels and the locale format instead', () => {
    for (const payload of all) {
      const words = readableWords(visibleText(payload.body));
      for (const id of INTERNAL_IDS) expect(words, `${payload.kind}: ${id}`).not.toContain(id);
      expect(words.match(/\b[a-z]+_[a-z_]+\b/)?.[0], payload.kind).toBeUndefined();
      expect(words, payload.kind).not.toMatch(/\b[UW][A-Z0-9]{7,}\b/);
      expect(words, payload.kind).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    }
  });

  it('every alert names the case as a link to its card and carries Open case, plus the button for what it asks', () => {
    for (const a of p.alerts) {
      const blocks = (a.body as { blocks: { type: string; text?: { text: string }; elements?: { action_id: string; url?: string }[] }[] }).blocks;
      expect(blocks[0]!.text!.text, a.kind).toContain(`<${permalink(a.caseId)}|`);
      const buttons = blocks.flatMap((b) => b.elements ?? []);
      expect(buttons.find((b) => b.action_id === ELEMENTS.openCase)?.url, a.kind).toBe(permalink(a.caseId));
      const asks = ASKS[a.facts.kind];
      if (asks) expect(buttons.map((b) => b.action_id), a.kind).toContain(asks);
    }
  });

  it('every line naming a case in the digest, App Home and /so list links to its card and names its holder', () => {
    for (const l of p.lists) {
      const text = visibleText(l.body);
      const bare = text.replace(/<[^>|]+\|SO-\d{4}-\d{4}>/g, '');
      expect(bare, l.kind).not.toMatch(/SO-\d{4}-\d{4}/);
      expect(text, l.kind).toMatch(/SO-\d{4}-\d{4}/);
    }
    const digest = visibleText(p.lists[0]!.body);
    expect(digest).toContain(`|${CASES.breached.reference}>`);
    expect(digest).toContain(`<@${DOC}>`);
  });

  it('every modal about a case names it in its first line', () => {
    for (const mo of p.modals.filter((x) => x.reference)) {
      const first = (mo.body.view as { blocks: { text?: { text: string } }[] }).blocks[0]!;
      expect(first.text?.text, mo.kind).toContain(`*${mo.reference}*`);
    }
  });

  it('the card opens with the SLA state and its colour cue, the area label and who holds it; one primary action; Cancel and Release only in the menu', () => {
    for (const card of p.cards) {
      const blocks = (card.body as { blocks: { type: string; text?: { text: string }; elements?: { type: string; style?: string; action_id: string }[] }[] }).blocks;
      const [first] = blocks[0]!.text!.text.split('\n');
      // Colour cue, then reference · state · holder · area.
      expect(first, card.kind).toMatch(/^:(white_circle|large_green_circle|large_orange_circle|red_circle|double_vertical_bar|white_check_mark|x|heavy_minus_sign): \*SO-\d{4}-\d{4}\* · [^·]+ · [^·]+ · \*[A-ZÀ-Ü][^*]+\*$/);
      const elements = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
      const open = !/Delivered|Cancelled|Consegnato|Annullato/.test(visibleText(blocks[1]));
      expect(elements.filter((e) => e.style === 'primary').length, card.kind).toBe(open ? 1 : 0);
      expect(elements.map((e) => e.action_id), card.kind).not.toContain(buttonOf('cancel'));
      expect(elements.map((e) => e.action_id), card.kind).not.toContain(buttonOf('release'));
      expect(elements.some((e) => e.style === 'danger'), card.kind).toBe(false);
    }
  });

  it('a closed card shows the outcome against the target and no stale missing-document or payment lines', () => {
    const m = locale === 'en' ? en : itCatalogue;
    for (const v of [CASES.deliveredMet, CASES.deliveredLate, CASES.cancelled]) {
      const text = visibleText(caseCard(v, ctx(locale)).blocks);
      expect(text).not.toContain(m.card.missing);
      expect(text).not.toContain(m.payment.confirmed(51_800));
    }
    expect(visibleText(caseCard(CASES.deliveredMet, ctx(locale)).blocks)).toContain(m.sla.met(m.card.workingDays(2.4), m.card.workingDays(5)).split(':')[0]!);
  });

  it('every payload stays within Block Kit limits', () => {
    for (const payload of all) expect(blockKitViolations({ method: payload.method, body: payload.body, at: 0 }), payload.kind).toEqual([]);
  });
});

describe('the message catalogue', () => {
  /** Every leaf of a catalogue with its path: strings as they are, functions called with sample arguments. */
  function leaves(o: unknown, path = ''): [string, unknown][] {
    if (typeof o === 'function' || typeof o !== 'object' || o === null || Array.isArray(o)) return [[path, o]];
    return Object.entries(o).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }

  it('English and Italian are both complete: the same keys, no empty text, the same arguments', () => {
    const enLeaves = new Map(leaves(en));
    const itLeaves = new Map(leaves(itCatalogue));
    expect([...itLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
    for (const [path, value] of enLeaves) {
      const other = itLeaves.get(path);
      if (typeof value === 'string') {
        expect(value.trim(), path).not.toBe('');
        expect(String(other).trim(), path).not.toBe('');
      } else if (typeof value === 'function') {
        expect(typeof other, path).toBe('function');
        expect((other as (...a: unknown[]) => unknown).length, path).toBe(value.length);
      }
    }
  });

  it('labels every default pathology area, state and applicant type in both languages', () => {
    for (const area of ['head_and_neck', 'brain_and_spine', 'sarcoma', 'prostate', 'pancreas', 'eye', 'paediatric', 'other']) {
      expect(en.areas[area], area).toBeTruthy();
      expect(itCatalogue.areas[area], area).toBeTruthy();
    }
    expect(itCatalogue.areas.head_and_neck).toBe('Testa e collo');
    expect(itCatalogue.closures['San Siro']).toBe('San Siro (patrono di Pavia)');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { foldCase, slaTimeline } from '../../src/domain/case.js';
import { type NewCaseEvent } from '../../src/domain/events.js';
import { CHECKLIST_ITEMS } from '../../src/domain/checklist.js';
import { slaStatus } from '../../src/domain/sla.js';
import type { CaseView } from '../../src/services/cases.js';
import type { Digest } from '../../src/services/digest.js';
import { caseCard } from '../../src/slack/views/case-card.js';
import { caseLines } from '../../src/slack/views/case-lines.js';
import { digestMessage } from '../../src/slack/views/digest.js';
import { homeView } from '../../src/slack/views/home.js';
import type { RenderContext } from '../../src/slack/views/render-context.js';
import { blockKitViolations } from '../support/block-kit-limits.js';
import { rome } from '../support/time.js';
import { assignModal } from '../../src/slack/actions/assign.js';
import { documentsModal } from '../../src/slack/actions/record-documents.js';

const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
const now = rome('2026-12-10 12:00');
const ctx = (locale: 'en' | 'it' = 'en'): RenderContext => ({ locale, zone: 'Europe/Rome', workingDayMs: calendar.workingDayMs, areaLabels: new Map(), nowMs: now });

/** The largest case there can be: representative applicant, image review, every item rejected, overdue, paused. */
function largestCase(n: number): CaseView {
  const at = rome('2026-11-02 10:00');
  const events: NewCaseEvent[] = [
    {
      actor: 'api:portal',
      effectiveAtMs: at,
      recordedAtMs: at,
      reason: null,
      data: {
        type: 'case_created',
        applicantType: 'representative',
        pathologyArea: 'x'.repeat(64),
        language: 'en',
        imageReview: true,
        deliveryChannel: 'courier',
        expectedCents: 66_800,
      },
    },
    ...CHECKLIST_ITEMS.map(
      (item): NewCaseEvent => ({ actor: 'U1', effectiveAtMs: at, recordedAtMs: at, reason: 'other', data: { type: 'document_rejected', item } }),
    ),
  ];
  const state = foldCase(events);
  return { id: n, reference: `SO-2026-${String(n).padStart(4, '0')}`, externalId: null, state, sla: slaStatus(calendar, slaTimeline(state), now, 45 * 3_600_000), board: { lead: null, consults: [] } };
}

const asCall = (method: string, payload: Record<string, unknown>) => ({ method, body: payload, at: 0 });

describe('Block Kit limits hold for the largest inputs', () => {
  it('the card of the largest possible case', () => {
    const card = caseCard(largestCase(1), ctx());
    expect(blockKitViolations(asCall('chat.postMessage', card))).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain('rejected: other reason');
  });

  it('a digest over 600 open cases cuts every list with "… and N more"', () => {
    const many = Array.from({ length: 600 }, (_, i) => largestCase(i + 1));
    const digest: Digest = {
      generatedAtMs: now,
      isoDate: '2026-12-10',
      counts: { intake: 600, ready: 600, in_review: 600, awaiting_info: 600 },
      breached: { total: 5000, items: many },
      dueSoon: { total: 600, items: many },
      unassigned: { total: 600, items: many },
      pausedLongest: { total: 700, items: many },
      since: { fromMs: Date.UTC(2026, 11, 9, 7, 30), created: 40, delivered: 35 },
      paymentPending: 12,
      last30Days: { delivered: 300, onTimeRate: 0.93, medianTurnaroundWorkingDays: 3.4 },
      openPerDoctor: Array.from({ length: 300 }, (_, i) => ({ userId: `UDOC${String(i).padStart(5, '0')}`, open: i })),
    };
    const message = digestMessage(digest, ctx());
    expect(blockKitViolations(asCall('chat.postMessage', message))).toEqual([]);
    expect(JSON.stringify(message.blocks)).toMatch(/… and \d+ more/);
    expect(JSON.stringify(message.blocks)).toContain('93%');
  });

  it('App Home and lists with 600 cases stay within limits', () => {
    const many = Array.from({ length: 600 }, (_, i) => largestCase(i + 1));
    const page = { total: 600, items: many };
    const home = homeView(
      {
        viewer: { id: 'UALL00001', roles: new Set(['doctor', 'coordinator', 'manager']) },
        reviewsCases: true,
        mine: page,
        claimable: page,
        waitingDocuments: page,
        waitingPayment: page,
        unassigned: page,
        toChase: page,
        askedFor: new Map(),
        breached: page,
        dueSoon: page,
        summary: { open: 600, breached: 600, dueSoon: 0, paused: 0 },
      },
      ctx(),
    );
    expect(blockKitViolations(asCall('views.publish', { view: home }))).toEqual([]);
    const lines = caseLines(many, ctx(), 3000);
    expect(lines.length).toBeLessThanOrEqual(3000);
    expect(lines).toMatch(/… and \d+ more$/);
  });

  it('modals stay within limits with 250 doctors to choose from', () => {
    const doctors = Array.from({ length: 250 }, (_, i) => ({ userId: `U${i}`, name: `Dr ${'N'.repeat(80)} ${i}`, openCases: i, suggested: i < 3, areas: ['head_and_neck', 'radiology'], away: i % 7 === 0 }));
    expect(blockKitViolations(asCall('views.open', { view: assignModal(ctx(), largestCase(1), doctors) }))).toEqual([]);
    expect(blockKitViolations(asCall('views.open', { view: documentsModal(ctx(), largestCase(1)) }))).toEqual([]);
  });
});

describe('language', () => {
  it('the card reads in Italian with LOCALE=it, dates in the Italian format', () => {
    const text = JSON.stringify(caseCard(largestCase(7), ctx('it')).blocks);
    expect(text).toContain('Documenti: 0/10 ricevuti');
    expect(text).toContain('Pagamento da confermare (attesi 668,00 €)');
    expect(text).toContain('In accettazione');
    expect(text).toContain('Rappresentante');
  });
});

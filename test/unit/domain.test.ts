import { describe, expect, it } from 'vitest';
import { foldCase } from '../../src/domain/case.js';
import { type NewCaseEvent } from '../../src/domain/events.js';
import { requiredItems } from '../../src/domain/checklist.js';
import { decide, decideCreate } from '../../src/domain/commands.js';
import { DEFAULT_PRICES, expectedAmountCents, expectedTransferReason, paymentMismatch } from '../../src/domain/payment.js';
import { judge } from '../../src/domain/actions.js';
import { actor, coordinator, doctor, portal } from '../support/factories.js';

describe('checklist', () => {
  it('asks a patient applicant for the seven basic items', () => {
    expect(requiredItems('patient', false)).toEqual([
      'request_form',
      'privacy_consent',
      'patient_identity_card',
      'patient_health_card',
      'clinical_documentation',
      'referring_physician_report',
      'bank_transfer_copy',
    ]);
  });
  it('asks a representative for their identity card and proof of representation, and image review for images', () => {
    const items = requiredItems('representative', true);
    expect(items).toContain('representative_identity_card');
    expect(items).toContain('legal_representation_proof');
    expect(items).toContain('diagnostic_images');
    expect(items).toHaveLength(10);
  });
  it('is complete at the latest receipt among the required items, even when recorded in another order', () => {
    const t = Date.UTC(2026, 10, 30, 9);
    const created = decideCreate(
      { applicantType: 'patient', pathologyArea: 'eye', language: 'en', imageReview: false, deliveryChannel: 'email', expectedCents: 50_000 },
      requiredItems('patient', false).map((item, i) => ({ item, receivedAtMs: t - i * 3_600_000 })),
      portal,
      t + 3_600_000,
    );
    const state = foldCase(created);
    expect(state.checklist.every((e) => e.status.state === 'received')).toBe(true);
    // The first item was received last (at t).
    expect(Math.max(...state.checklist.map((e) => (e.status.state === 'received' ? e.status.receivedAtMs : 0)))).toBe(t);
  });
  it('a rejected privacy consent keeps the documentation incomplete, with its reason', () => {
    const t = Date.UTC(2026, 10, 30, 9);
    const events: NewCaseEvent[] = decideCreate(
      { applicantType: 'patient', pathologyArea: 'eye', language: 'en', imageReview: false, deliveryChannel: 'email', expectedCents: 50_000 },
      requiredItems('patient', false).map((item) => ({ item, receivedAtMs: t })),
      portal,
      t,
    );
    const rejected = decide(foldCase(events), { type: 'reject_document', item: 'privacy_consent', reason: 'not_countersigned' }, coordinator, t, 'Europe/Rome');
    const state = foldCase([...events, ...rejected]);
    expect(state.checklist.find((e) => e.item === 'privacy_consent')?.status).toEqual({ state: 'rejected', reason: 'not_countersigned' });
    expect(state.status).toBe('intake');
  });
});

describe('payment', () => {
  it('expects 518.00 € without image review and 668.00 € with it: the report always goes back by courier', () => {
    expect(expectedAmountCents(DEFAULT_PRICES, false)).toBe(51_800);
    expect(expectedAmountCents(DEFAULT_PRICES, true)).toBe(66_800);
  });
  it('a centre that stops charging the courier sets its price to 0', () => {
    expect(expectedAmountCents({ ...DEFAULT_PRICES, courierDeliveryCents: 0 }, false)).toBe(50_000);
  });
  it('flags under- and over-payment', () => {
    expect(paymentMismatch(51_800, 50_000)).toBe('underpaid');
    expect(paymentMismatch(51_800, 52_000)).toBe('overpaid');
    expect(paymentMismatch(51_800, 51_800)).toBeNull();
  });
  it('expects the transfer reason "<patient name> - CNAO Second Opinion"', () => {
    expect(expectedTransferReason('Maria Rossi')).toBe('Maria Rossi - CNAO Second Opinion');
  });
});

describe('permissions', () => {
  const t = Date.UTC(2026, 10, 30, 9);
  const heldBy = (holder: string) =>
    foldCase([
      ...decideCreate(
        { applicantType: 'patient', pathologyArea: 'eye', language: 'en', imageReview: false, deliveryChannel: 'email', expectedCents: 50_000 },
        requiredItems('patient', false).map((item) => ({ item, receivedAtMs: t })),
        portal,
        t,
      ),
      { actor: holder, effectiveAtMs: t, recordedAtMs: t, reason: null, data: { type: 'assigned', assignee: holder } },
    ]);
  it('lets a doctor act only on the case they hold, and a coordinator act for them', () => {
    expect(judge(doctor, 'request_info', heldBy(doctor.id))).toEqual({ allowed: true });
    expect(judge(doctor, 'request_info', heldBy('USOMEONEELSE'))).toMatchObject({ allowed: false, reason: { key: 'holder_only' } });
    expect(judge(coordinator, 'request_info', heldBy(doctor.id))).toEqual({ allowed: true });
    expect(judge(coordinator, 'deliver', heldBy(doctor.id))).toMatchObject({ allowed: false, reason: { key: 'needs_role', roles: ['doctor'] } });
  });
  it('lets only admins manage staff and only managers and admins ask for the digest', () => {
    expect(judge(coordinator, 'manage_staff').allowed).toBe(false);
    expect(judge(actor('U1', 'admin'), 'manage_staff').allowed).toBe(true);
    expect(judge(actor('U2', 'manager'), 'digest').allowed).toBe(true);
    expect(judge(doctor, 'digest').allowed).toBe(false);
  });
  it('a person with several roles gets the union of what they allow', () => {
    const both = actor('U3', 'doctor', 'coordinator');
    expect(judge(both, 'create_case').allowed).toBe(true);
    expect(judge(both, 'request_info', heldBy('USOMEONEELSE')).allowed).toBe(true);
  });
});

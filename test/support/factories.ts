import type { ChecklistItemId } from '../../src/domain/checklist.js';
import { requiredItems } from '../../src/domain/checklist.js';
import type { Actor, Principal } from '../../src/domain/permissions.js';
import type { NewCaseInput } from '../../src/services/cases.js';

export const actor = (id: string, ...roles: Principal[]): Actor => ({ id, roles: new Set(roles) });
export const portal = actor('api:portal', 'integration');
export const coordinator = actor('UCOORD0001', 'coordinator');
export const doctor = actor('UDOC00001', 'doctor');
export const otherDoctor = actor('UDOC00002', 'doctor');
export const manager = actor('UMGR00001', 'manager');

/** The JSON body the web form sends (SPEC section 6), with overrides. */
export function caseBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicant: { type: 'patient', name: 'Maria Rossi', email: 'maria.rossi@example.org', phone: '+39 333 1234567' },
    patient: { name: 'Maria Rossi', birthDate: '1961-04-02', taxCode: 'RSSMRA61D42F205X' },
    pathologyArea: 'prostate',
    language: 'it',
    notes: 'Recurrent adenocarcinoma after prostatectomy',
    imageReview: true,
    deliveryChannel: 'courier',
    documents: [],
    ...overrides,
  };
}

export function caseInput(overrides: Partial<NewCaseInput> = {}): NewCaseInput {
  return {
    externalId: null,
    applicant: { type: 'patient', name: 'Maria Rossi', email: null, phone: null, language: null },
    patient: { name: 'Maria Rossi', birthDate: '1961-04-02', taxCode: null, email: null, phone: null },
    pathologyArea: 'prostate',
    language: 'it',
    notes: null,
    imageReview: false,
    deliveryChannel: 'email',
    documents: [],
    ...overrides,
  };
}

/** Every item a patient applicant needs, received at the given instant. */
export function everyDocument(
  atMs: number,
  applicant: 'patient' | 'representative' = 'patient',
  imageReview = false,
): { item: ChecklistItemId; receivedAtMs: number }[] {
  return requiredItems(applicant, imageReview).map((item) => ({ item, receivedAtMs: atMs }));
}

/** The documents a case needs (SPEC section 2, "Checklist"). */

export const CHECKLIST_ITEMS = [
  'request_form',
  'privacy_consent',
  'patient_identity_card',
  'patient_health_card',
  'clinical_documentation',
  'referring_physician_report',
  'bank_transfer_copy',
  'representative_identity_card',
  'legal_representation_proof',
  'diagnostic_images',
] as const;

export type ChecklistItemId = (typeof CHECKLIST_ITEMS)[number];

export type ApplicantType = 'patient' | 'representative';

export type ItemState =
  | { state: 'missing' }
  | { state: 'received'; receivedAtMs: number }
  | { state: 'rejected'; reason: string };

export interface ChecklistEntry {
  item: ChecklistItemId;
  required: boolean;
  status: ItemState;
}

export function requiredItems(applicantType: ApplicantType, imageReview: boolean): ChecklistItemId[] {
  return CHECKLIST_ITEMS.filter((item) => {
    if (item === 'representative_identity_card' || item === 'legal_representation_proof') {
      return applicantType === 'representative';
    }
    if (item === 'diagnostic_images') return imageReview;
    return true;
  });
}

/**
 * Builds the checklist from the latest known state of each item. Items that are not required for
 * this case are still listed when something was recorded for them (a parent sent an ID card
 * anyway), so nothing received is hidden.
 */
export function buildChecklist(
  applicantType: ApplicantType,
  imageReview: boolean,
  latest: ReadonlyMap<ChecklistItemId, ItemState>,
): ChecklistEntry[] {
  const required = new Set(requiredItems(applicantType, imageReview));
  return CHECKLIST_ITEMS.filter((item) => required.has(item) || latest.has(item)).map((item) => ({
    item,
    required: required.has(item),
    status: latest.get(item) ?? { state: 'missing' },
  }));
}

/** The completion instant: the latest receipt among required items, or null while one is missing. */
export function completionInstant(checklist: readonly ChecklistEntry[]): number | null {
  let latest = -Infinity;
  for (const entry of checklist) {
    if (!entry.required) continue;
    if (entry.status.state !== 'received') return null;
    latest = Math.max(latest, entry.status.receivedAtMs);
  }
  return latest === -Infinity ? null : latest;
}

export function missingRequired(checklist: readonly ChecklistEntry[]): ChecklistItemId[] {
  return checklist.filter((e) => e.required && e.status.state !== 'received').map((e) => e.item);
}

/** Why a coordinator rejects a document: a fixed list, so that no free text reaches a channel. */
export const REJECTION_REASONS = ['illegible', 'wrong_language', 'not_countersigned', 'incomplete', 'expired', 'wrong_document', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export function isRejectionReason(value: unknown): value is RejectionReason {
  return (REJECTION_REASONS as readonly unknown[]).includes(value);
}

export function isChecklistItem(value: unknown): value is ChecklistItemId {
  return (CHECKLIST_ITEMS as readonly unknown[]).includes(value);
}

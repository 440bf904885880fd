import type { CaseView } from '../services/cases.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The case as the integration API shows it (SPEC section 6). No personal data leaves this way. */
export function caseJson(view: CaseView) {
  const { state, sla } = view;
  return {
    reference: view.reference,
    externalId: view.externalId,
    status: state.status,
    applicantType: state.applicantType,
    pathologyArea: state.pathologyArea,
    language: state.language,
    imageReview: state.imageReview,
    deliveryChannel: state.deliveryChannel,
    createdAt: iso(state.createdAtMs),
    checklist: state.checklist.map((e) => ({
      item: e.item,
      required: e.required,
      state: e.status.state,
      receivedAt: e.status.state === 'received' ? iso(e.status.receivedAtMs) : null,
      reason: e.status.state === 'rejected' ? e.status.reason : null,
    })),
    payment: {
      expectedCents: state.payment.expectedCents,
      state: state.payment.state,
      receivedCents: state.payment.receivedCents,
      // The bank credits found for the case (SPEC section 11); the one whose reference the confirmation recorded is confirmed.
      transfers: state.transfers.map((t) => ({
        bankReference: t.bankReference || null,
        amountCents: t.amountCents,
        valueDate: t.valueDate,
        outcome: t.foundBy.startsWith('system:') ? ('matched' as const) : ('matched_by_coordinator' as const),
        confirmed: state.payment.state !== 'pending' && t.bankReference !== '' && t.bankReference === state.payment.bankReference,
      })),
    },
    assignee: state.assignee,
    board: {
      lead: view.board.lead,
      consults: view.board.consults.map((c) => ({
        area: c.area,
        state: c.state,
        assignee: c.assignee,
        dueAt: iso(c.dueAtMs),
        answeredAt: iso(c.answeredAtMs),
        imageReview: c.imageReview,
      })),
    },
    sla: {
      state: sla.state,
      startedAt: iso(sla.startedAtMs),
      dueAt: iso(sla.dueAtMs),
      remainingWorkingSeconds: sla.remainingWorkingMs === null ? null : Math.round(sla.remainingWorkingMs / 1000),
      breached: sla.breached,
    },
  };
}

import type { CaseActionModule } from './action-module.js';
import { consultIdOf, labelOf } from './shared.js';

/** Claim a consult: at once, by a doctor of the consult's area (the command checks the areas). */
export const claimConsult = {
  action: 'claim_consult',
  button: { id: 'consult_claim', target: 'consult', label: labelOf('claim_consult') },
  async click({ deps, actor, reference, consult }) {
    const claimantAreas = await deps.staff.doctorAreas(actor.id);
    await deps.cases.execute(reference, { type: 'claim_consult', consult: consultIdOf({ consult }), claimantAreas }, actor);
    return { done: true };
  },
} as const satisfies CaseActionModule<'claim_consult'>;

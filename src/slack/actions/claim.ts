import type { CaseActionModule } from './action-module.js';
import { labelOf } from './shared.js';

/** Claim: at once, no form (two doctors at once: the second learns who has it). */
export const claim = {
  action: 'claim',
  button: { id: 'case_claim', target: 'case', label: labelOf('claim') },
  async click({ deps, actor, reference }) {
    await deps.cases.execute(reference, { type: 'claim' }, actor);
    return { done: true };
  },
} as const satisfies CaseActionModule<'claim'>;

import type { CaseActionModule } from './action-module.js';

/** A bank credit placed on a case: by the statement import, or from App Home's queue of credits to match. */
export const recordTransfer = { action: 'record_transfer', button: null } as const satisfies CaseActionModule<'record_transfer'>;

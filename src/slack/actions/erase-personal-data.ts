import type { CaseActionModule } from './action-module.js';

/** Erasure is the retention job's or an operator's (CLI): never offered in Slack. */
export const erasePersonalData = { action: 'erase_personal_data', button: null } as const satisfies CaseActionModule<'erase_personal_data'>;

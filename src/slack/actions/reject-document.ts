import type { CaseActionModule } from './action-module.js';

/** A rejection has no button of its own: it is made in the Documents form (see `record-documents.ts`). */
export const rejectDocument = { action: 'reject_document', button: null } as const satisfies CaseActionModule<'reject_document'>;

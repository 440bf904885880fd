import type { ModalView } from '@slack/types';
import { renderContext } from '../deps.js';
import { section } from '../views/blocks.js';
import { caseHeading, modal, type ModalCase } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'release';

/** Releasing is rare and undoes a claim: it asks first. */
export function releaseModal(ctx: RenderContext, c: ModalCase): ModalView {
  const f = tools(ctx).m.modals.release;
  return modal(FORM, f.title, [caseHeading(ctx, c), section(f.confirm(c.reference))], ctx, { reference: c.reference }, f.submit);
}

export const release = {
  action: 'release',
  button: { id: 'case_release', target: 'case', label: labelOf('release') },
  click: opensForm('release', (deps, view) => releaseModal(renderContext(deps), view)),
  form: { callbackId: FORM, submit: (s) => runAs(s, { type: 'release' }) },
} as const satisfies CaseActionModule<'release'>;

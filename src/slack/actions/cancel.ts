import type { ModalView } from '@slack/types';
import { TEXT_LIMITS } from '../../domain/text-rules.js';
import { renderContext } from '../deps.js';
import { BLOCKS } from '../ids.js';
import { section } from '../views/blocks.js';
import { caseHeading, input, modal, slackMax, text, type ModalCase } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'cancel';

export function cancelModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.cancel;
  return modal(
    FORM,
    f.title,
    [caseHeading(ctx, c), section(f.confirm(c.reference)), input(BLOCKS.reason, f.reason, text({ multiline: true, max: slackMax(TEXT_LIMITS.reason), example: m.guide.cancelReason }))],
    ctx,
    { reference: c.reference },
    f.submit,
  );
}

export const cancel = {
  action: 'cancel',
  button: { id: 'case_cancel', target: 'case', label: labelOf('cancel') },
  click: opensForm('cancel', (deps, view) => cancelModal(renderContext(deps), view)),
  form: { callbackId: FORM, submit: (s) => runAs(s, { type: 'cancel', reason: s.form.text(BLOCKS.reason) }) },
} as const satisfies CaseActionModule<'cancel'>;

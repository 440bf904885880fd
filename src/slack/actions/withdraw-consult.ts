import type { ModalView } from '@slack/types';
import { renderContext } from '../deps.js';
import { BLOCKS } from '../ids.js';
import { section } from '../views/blocks.js';
import { areaText } from '../views/render-context.js';
import { input, modal, text } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { consultIdOf, labelOf, opensConsultForm, runAs } from './shared.js';

const FORM = 'withdraw_consult';

export function withdrawConsultModal(ctx: RenderContext, reference: string, consult: { id: number; area: string }): ModalView {
  const { m } = tools(ctx);
  const f = m.board.modals.withdraw;
  return modal(
    FORM,
    f.title,
    [section(f.forCase(areaText(ctx, consult.area), reference)), input(BLOCKS.reason, f.reason, text({ multiline: true, max: 500, example: m.guide.withdrawReason }))],
    ctx,
    { reference, consult: consult.id },
    f.submit,
  );
}

/** Withdraw a consult: rare and destructive, from the consult's overflow menu; its form asks why. */
export const withdrawConsult = {
  action: 'withdraw_consult',
  button: { id: 'consult_withdraw', target: 'consult', label: labelOf('withdraw_consult') },
  click: opensConsultForm('withdraw_consult', (deps, view, consult) => withdrawConsultModal(renderContext(deps), view.reference, consult)),
  form: { callbackId: FORM, submit: (s) => runAs(s, { type: 'withdraw_consult', consult: consultIdOf(s), reason: s.form.text(BLOCKS.reason) }) },
} as const satisfies CaseActionModule<'withdraw_consult'>;

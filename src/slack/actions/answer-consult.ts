import type { ModalView } from '@slack/types';
import { renderContext } from '../deps.js';
import { quote, section } from '../views/blocks.js';
import { areaText } from '../views/render-context.js';
import { modal } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { consultIdOf, labelOf, opensConsultForm, runAs } from './shared.js';

const FORM = 'answer_consult';

export function answerConsultModal(
  ctx: RenderContext,
  reference: string,
  consult: { id: number; area: string; imageReview?: boolean },
  question: string | null = null,
): ModalView {
  const { m } = tools(ctx);
  const f = m.board.modals.answer;
  // The question, privately, to the consultant answering it (never posted in a channel); the image review's is the new report.
  const text = question ?? (consult.imageReview ? m.reach.imageReviewQuestion : null);
  const asked = text ? [section(`*${m.reach.consultQuestion}*\n${quote(text, 2800)}`)] : [];
  return modal(FORM, f.title, [section(f.confirm(areaText(ctx, consult.area), reference)), ...asked], ctx, { reference, consult: consult.id }, f.submit);
}

/** Record a consult's answer: judged with the consultant as holder (a coordinator may record it for them). */
export const answerConsult = {
  action: 'answer_consult',
  button: { id: 'consult_answer', target: 'consult', label: labelOf('answer_consult') },
  click: opensConsultForm('answer_consult', (deps, view, consult) => answerConsultModal(renderContext(deps), view.reference, consult, consult.question), (consult) => consult.assignee),
  form: { callbackId: FORM, submit: (s) => runAs(s, { type: 'answer_consult', consult: consultIdOf(s) }) },
} as const satisfies CaseActionModule<'answer_consult'>;

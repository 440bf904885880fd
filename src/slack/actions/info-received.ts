import type { ModalView } from '@slack/types';
import { renderContext } from '../deps.js';
import { BLOCKS } from '../ids.js';
import { section } from '../views/blocks.js';
import { clip } from '../views/limits.js';
import { caseHeading, dateTime, input, modal, type ModalCase, type PendingQuestion } from '../views/modals.js';
import { pendingQuestion } from '../views/questions.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'info_received';

export function infoReceivedModal(ctx: RenderContext, c: ModalCase, question: PendingQuestion | null): ModalView {
  const { m, at } = tools(ctx);
  const f = m.modals.infoReceived;
  return modal(
    FORM,
    f.title,
    [
      caseHeading(ctx, c),
      ...(question ? [section(`${f.question(`<@${question.askedBy}>`, at(question.askedAtMs))}\n>${clip(question.text, 2800).replace(/\n/g, '\n>')}`)] : []),
      input(BLOCKS.receivedAt, f.at, dateTime(ctx.nowMs), false, f.hint),
    ],
    ctx,
    { reference: c.reference },
  );
}

/** Information received: the clock runs again from the instant it arrived; the form shows the question asked. */
export const infoReceived = {
  action: 'info_received',
  button: { id: 'case_info_received', target: 'case', label: labelOf('info_received') },
  click: opensForm('info_received', async (deps, view) =>
    infoReceivedModal(renderContext(deps), view, pendingQuestion(view.state, await deps.cases.history(view.reference))),
  ),
  form: { callbackId: FORM, submit: (s) => runAs(s, { type: 'info_received', receivedAtMs: s.form.dateTimeMs(BLOCKS.receivedAt) }) },
} as const satisfies CaseActionModule<'info_received'>;

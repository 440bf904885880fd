import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { CANCEL_CATEGORIES } from '../../domain/events.js';
import { TEXT_LIMITS } from '../../domain/text-rules.js';
import { renderContext } from '../deps.js';
import { BLOCKS } from '../ids.js';
import { option, section } from '../views/blocks.js';
import { caseHeading, input, modal, select, slackMax, text, type ModalCase } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'cancel';
const category = z.enum(CANCEL_CATEGORIES);

export function cancelModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.cancel;
  const mail = m.mail.slack;
  return modal(
    FORM,
    f.title,
    [
      caseHeading(ctx, c),
      section(f.confirm(c.reference)),
      input(BLOCKS.cancelCategory, mail.cancelCategory, select(CANCEL_CATEGORIES.map((k) => option(mail.cancelCategories[k], k)), undefined, m.guide.choose), false, mail.cancelCategoryHint),
      input(BLOCKS.reason, f.reason, text({ multiline: true, max: slackMax(TEXT_LIMITS.reason), example: m.guide.cancelReason })),
    ],
    ctx,
    { reference: c.reference },
    f.submit,
  );
}

export const cancel = {
  action: 'cancel',
  button: { id: 'case_cancel', target: 'case', label: labelOf('cancel') },
  click: opensForm('cancel', (deps, view) => cancelModal(renderContext(deps), view)),
  form: {
    callbackId: FORM,
    submit: (s) => runAs(s, { type: 'cancel', reason: s.form.text(BLOCKS.reason), category: category.safeParse(s.form.selected(BLOCKS.cancelCategory)).data ?? null }),
  },
} as const satisfies CaseActionModule<'cancel'>;

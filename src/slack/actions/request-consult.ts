import type { ModalView } from '@slack/types';
import { defaultConsultDueAt } from '../../domain/consult-commands.js';
import { refusalMessage } from '../../i18n/format.js';
import { renderContext } from '../deps.js';
import { FieldErrors } from '../forms.js';
import { BLOCKS } from '../ids.js';
import { option, section } from '../views/blocks.js';
import { areaText } from '../views/render-context.js';
import { dateTime, input, modal, select, text } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'request_consult';

export function requestConsultModal(
  ctx: RenderContext,
  reference: string,
  areas: readonly string[],
  defaultDueAtMs: number,
  caseDueAtMs: number,
): ModalView {
  const { m, at } = tools(ctx);
  const f = m.board.modals.request;
  return modal(
    FORM,
    f.title,
    [
      section(f.forCase(reference)),
      input(BLOCKS.consultArea, f.area, select(areas.map((a) => option(areaText(ctx, a), a)), undefined, m.guide.choose)),
      input(BLOCKS.question, f.question, text({ multiline: true, max: 500, example: m.guide.consultQuestion }), false, f.questionHint),
      input(BLOCKS.consultDueAt, f.dueAt, dateTime(defaultDueAtMs), false, f.dueAtHint(at(caseDueAtMs))),
    ],
    ctx,
    { reference },
  );
}

/** Request consult: a specialist area's opinion on the case, due before the case is (SPEC section 8). */
export const requestConsult = {
  action: 'request_consult',
  button: { id: 'case_request_consult', target: 'case', label: labelOf('request_consult') },
  click: opensForm('request_consult', (deps, view) => {
    const ctx = renderContext(deps);
    const due = defaultConsultDueAt(deps.cases.board, view.state, ctx.nowMs) ?? ctx.nowMs;
    return requestConsultModal(ctx, view.reference, deps.cases.board.specialistAreas, due, view.sla.dueAtMs ?? due);
  }),
  form: {
    callbackId: FORM,
    async submit(s) {
      const area = s.form.selected(BLOCKS.consultArea);
      if (!area) {
        const reason = { key: 'unknown_staff_area', area: '', areas: s.deps.cases.board.specialistAreas } as const;
        throw new FieldErrors({ [BLOCKS.consultArea]: refusalMessage(reason, s.deps.locale, s.deps.areaLabels) });
      }
      await runAs(s, { type: 'request_consult', area, question: s.form.text(BLOCKS.question), dueAtMs: s.form.dateTimeMs(BLOCKS.consultDueAt) });
    },
  },
} as const satisfies CaseActionModule<'request_consult'>;

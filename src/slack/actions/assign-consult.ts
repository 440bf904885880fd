import type { ModalView } from '@slack/types';
import type { DoctorLoad } from '../../services/case-queries.js';
import { refusalMessage } from '../../i18n/format.js';
import { renderContext } from '../deps.js';
import { FieldErrors } from '../forms.js';
import { BLOCKS } from '../ids.js';
import { option, section } from '../views/blocks.js';
import { areaText } from '../views/render-context.js';
import { input, modal, select } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { consultIdOf, labelOf, opensConsultForm, runAs } from './shared.js';

const FORM = 'assign_consult';

export function assignConsultModal(
  ctx: RenderContext,
  reference: string,
  consult: { id: number; area: string },
  doctors: readonly (DoctorLoad & { away: boolean })[],
): ModalView {
  const f = tools(ctx).m.board.modals.assign;
  const area = areaText(ctx, consult.area);
  const metadata = { reference, consult: consult.id };
  if (doctors.length === 0) return modal(FORM, f.title, [section(f.none(area))], ctx, metadata, null);
  const first = doctors.find((d) => !d.away);
  return modal(
    FORM,
    f.title,
    [
      section(f.forCase(area, reference)),
      input(BLOCKS.doctor, f.doctor, select(doctors.map((d, i) => option(f.option(d.name ?? tools(ctx).m.modals.assign.unnamed(i + 1), d.openConsults, d.away), d.userId)), first?.userId, tools(ctx).m.guide.choose)),
    ],
    ctx,
    metadata,
  );
}

export const assignConsult = {
  action: 'assign_consult',
  button: { id: 'consult_assign', target: 'consult', label: labelOf('assign_consult') },
  click: opensConsultForm('assign_consult', async (deps, view, consult) => {
    const doctors = (await deps.queries.doctorsFor(consult.area)).filter((d) => d.areas.includes(consult.area));
    return assignConsultModal(renderContext(deps), view.reference, consult, doctors);
  }),
  form: {
    callbackId: FORM,
    async submit(s) {
      const consultant = s.form.selected(BLOCKS.doctor);
      if (!consultant) throw new FieldErrors({ [BLOCKS.doctor]: refusalMessage({ key: 'not_a_doctor' }, s.deps.locale, s.deps.areaLabels) });
      await runAs(s, {
        type: 'assign_consult',
        consult: consultIdOf(s),
        consultant,
        consultantRoles: await s.deps.staff.roles(consultant),
        consultantAreas: await s.deps.staff.doctorAreas(consultant),
      });
    },
  },
} as const satisfies CaseActionModule<'assign_consult'>;

import type { ModalView } from '@slack/types';
import { refusalMessage } from '../../i18n/format.js';
import { renderContext } from '../deps.js';
import { FieldErrors } from '../forms.js';
import { BLOCKS } from '../ids.js';
import { context, option, section } from '../views/blocks.js';
import { clip } from '../views/limits.js';
import { caseHeading, input, modal, select, type DoctorChoice, type ModalCase } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'assign';

/**
 * Assign: who covers the case's area (present ones first, suggested) and who is away, said above the
 * picker; each option names the doctor's areas, so a radiologist never passes for a head-and-neck doctor.
 */
const NAMED_IN_COVERS = 8;

export function assignModal(ctx: RenderContext, c: ModalCase, doctors: readonly DoctorChoice[]): ModalView {
  const { m, area } = tools(ctx);
  const f = m.modals.assign;
  if (doctors.length === 0) return modal(FORM, f.title, [caseHeading(ctx, c), section(f.noDoctors)], ctx, { reference: c.reference }, null);
  const name = (d: DoctorChoice, i: number) => d.name ?? f.unnamed(i + 1);
  // A few names, then "… and N more": the line is read at a glance, the picker holds everyone.
  const names = (pick: (d: DoctorChoice) => boolean) => {
    const all = doctors.flatMap((d, i) => (pick(d) ? [clip(name(d, i), 60)] : []));
    return [...all.slice(0, NAMED_IN_COVERS), ...(all.length > NAMED_IN_COVERS ? [m.more(all.length - NAMED_IN_COVERS)] : [])].join(', ');
  };
  const caseArea = c.state.pathologyArea;
  const covers = m.guide.covers(area(caseArea), names((d) => d.areas.includes(caseArea) && !d.away), names((d) => d.away));
  return modal(
    FORM,
    f.title,
    [
      caseHeading(ctx, c),
      context(covers),
      input(
        BLOCKS.doctor,
        f.doctor,
        select(
          doctors.map((d, i) => option(m.guide.doctorOption(name(d, i), d.areas.map(area).join(', ') || m.guide.noArea, d.openCases, d.openConsults ?? 0, d.away), d.userId)),
          doctors[0]?.suggested ? doctors[0].userId : undefined,
          m.guide.choose,
        ),
      ),
    ],
    ctx,
    { reference: c.reference },
  );
}

export const assign = {
  action: 'assign',
  button: { id: 'case_assign', target: 'case', label: labelOf('assign') },
  click: opensForm('assign', async (deps, view) => assignModal(renderContext(deps), view, await deps.queries.doctorsFor(view.state.pathologyArea))),
  form: {
    callbackId: FORM,
    async submit(s) {
      const assignee = s.form.selected(BLOCKS.doctor);
      if (!assignee) throw new FieldErrors({ [BLOCKS.doctor]: refusalMessage({ key: 'not_a_doctor' }, s.deps.locale, s.deps.areaLabels) });
      await runAs(s, { type: 'assign', assignee, assigneeRoles: await s.deps.staff.roles(assignee) });
    },
  },
} as const satisfies CaseActionModule<'assign'>;

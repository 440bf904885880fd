import type { ModalView } from '@slack/types';
import { TEXT_LIMITS } from '../../domain/text-rules.js';
import { renderContext } from '../deps.js';
import { BLOCKS } from '../ids.js';
import { section } from '../views/blocks.js';
import { caseHeading, dateTime, input, modal, text, type ModalCase } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'deliver';

/** Deliver: when the opinion left (now by default, or earlier) and the courier's tracking number, if any. */
export function deliverModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.deliver;
  const g = m.guide;
  return modal(
    FORM,
    f.title,
    [
      caseHeading(ctx, c),
      section(f.confirm(c.reference)),
      input(BLOCKS.deliveredAt, g.deliveredAt, dateTime(ctx.nowMs), false, g.deliveredAtHint),
      input(BLOCKS.courierTracking, g.courierTrackingLabel, text({ max: TEXT_LIMITS.courierTracking, example: g.courierTracking }), true, g.courierTrackingHint),
    ],
    ctx,
    { reference: c.reference },
    f.submit,
  );
}

export const deliver = {
  action: 'deliver',
  button: { id: 'case_deliver', target: 'case', label: labelOf('deliver') },
  click: opensForm('deliver', (deps, view) => deliverModal(renderContext(deps), view)),
  form: {
    callbackId: FORM,
    submit: (s) => runAs(s, { type: 'deliver', deliveredAtMs: s.form.dateTimeMs(BLOCKS.deliveredAt), courierTracking: s.form.text(BLOCKS.courierTracking) || null }),
  },
} as const satisfies CaseActionModule<'deliver'>;

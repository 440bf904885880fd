import type { ModalView } from '@slack/types';
import { transferToConfirm } from '../../domain/case.js';
import { TEXT_LIMITS } from '../../domain/text-rules.js';
import { messages } from '../../i18n/messages.js';
import { refusalMessage } from '../../i18n/format.js';
import { renderContext } from '../deps.js';
import { FieldErrors, parseEuroCents } from '../forms.js';
import { BLOCKS, ELEMENTS } from '../ids.js';
import { button, section } from '../views/blocks.js';
import { caseHeading, datePicker, input, modal, slackMax, text, today, type ModalCase } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import { transferFoundText } from '../views/transfers.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'payment';

export function paymentModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.payment;
  const expectedCents = c.state.payment.expectedCents;
  // A credit found on a bank statement fills the form in: one submit confirms it (SPEC section 11).
  const found = transferToConfirm(c.state);
  const valueDate = found?.valueDate ?? today(ctx);
  return modal(
    FORM,
    f.title,
    [
      caseHeading(ctx, c),
      section(f.expected(m.euro(expectedCents), m.modals.details.transferReasonPattern)),
      ...(found ? [section(transferFoundText(m, found))] : []),
      { type: 'actions', block_id: 'payment_more', elements: [button(f.showDetails, ELEMENTS.paymentDetails, c.reference)] },
      input(BLOCKS.amount, f.amount, text({ initial: m.amountInput(found?.amountCents ?? expectedCents), max: 16, example: m.guide.amount })),
      input(BLOCKS.valueDate, f.valueDate, datePicker(m.guide.date, valueDate)),
      input(BLOCKS.bankReference, f.bankReference, text({ initial: found?.bankReference ?? '', max: slackMax(TEXT_LIMITS.bankReference), example: m.guide.bankReference })),
      input(BLOCKS.reason, f.reason, text({ multiline: true, max: slackMax(TEXT_LIMITS.reason), example: m.guide.mismatchReason }), true),
    ],
    ctx,
    { reference: c.reference, expectedCents },
  );
}

export const confirmPayment = {
  action: 'confirm_payment',
  button: { id: 'case_payment', target: 'case', label: labelOf('confirm_payment') },
  click: opensForm('confirm_payment', (deps, view) => paymentModal(renderContext(deps), view)),
  form: {
    callbackId: FORM,
    async submit(s) {
      const r = s.form;
      const cents = parseEuroCents(r.text(BLOCKS.amount));
      if (cents === null) throw new FieldErrors({ [BLOCKS.amount]: messages(s.deps.locale).modals.payment.badAmount });
      const valueDate = r.date(BLOCKS.valueDate);
      if (!valueDate) throw new FieldErrors({ [BLOCKS.valueDate]: refusalMessage({ key: 'invalid_value_date' }, s.deps.locale, s.deps.areaLabels) });
      await runAs(s, { type: 'confirm_payment', receivedCents: cents, valueDate, bankReference: r.text(BLOCKS.bankReference), reason: r.text(BLOCKS.reason) || null });
    },
  },
} as const satisfies CaseActionModule<'confirm_payment'>;

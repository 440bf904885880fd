import type { ModalView } from '@slack/types';
import { authorise } from '../../domain/actions.js';
import { expectedTransferReason } from '../../domain/payment.js';
import type { Actor } from '../../domain/permissions.js';
import { renderContext, type SlackDeps } from '../deps.js';
import { correspondenceLines } from '../views/correspondence-lines.js';
import { context, section } from '../views/blocks.js';
import { clip } from '../views/limits.js';
import { caseHeading, modal, type ModalCase, type PendingQuestion, type PersonalDetails } from '../views/modals.js';
import { pendingQuestion } from '../views/questions.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf } from './shared.js';

const FORM = 'details';

/** Details of a case whose personal data were erased (retention): says so, and when. */
export function erasedDetailsModal(ctx: RenderContext, c: ModalCase, erasedAtMs: number): ModalView {
  const { m, at } = tools(ctx);
  return modal(FORM, m.modals.details.title, [caseHeading(ctx, c), section(m.retention.erased(at(erasedAtMs)))], ctx, { reference: c.reference }, null);
}

/**
 * The only place personal data and free text are shown (the pending question, reasons, the bank
 * reference); opening it is recorded in the case history.
 */
export function detailsModal(
  ctx: RenderContext,
  c: ModalCase,
  p: PersonalDetails,
  question: PendingQuestion | null = null,
  /** The correspondence with the applicant (kind · instant · status), oldest first. */
  correspondence: readonly string[] = [],
): ModalView {
  const { m, at, date } = tools(ctx);
  const f = m.modals.details;
  const state = c.state;
  const contacts = [p.applicantEmail, p.applicantPhone, p.patientEmail, p.patientPhone].filter(Boolean).join(', ') || f.none;
  const pay = state.payment;
  const workflow = [
    ...(question ? [`*${f.pendingQuestion}* (${f.askedBy(`<@${question.askedBy}>`, at(question.askedAtMs))})\n>${clip(question.text, 1200).replace(/\n/g, '\n>')}`] : []),
    ...(pay.receivedCents !== null
      ? [`*${f.payment}*: ${f.paymentLine(m.euro(pay.receivedCents), pay.valueDate ? date(pay.valueDate) : f.none, pay.bankReference ?? f.none)}`]
      : []),
    ...(pay.reason ? [`*${f.mismatchReason}*: ${clip(pay.reason, 600)}`] : []),
    ...(state.cancelReason ? [`*${f.cancelReason}*: ${clip(state.cancelReason, 600)}`] : []),
    ...(state.deliveredAtMs !== null ? [`*${m.guide.deliveredAt}*: ${at(state.deliveredAtMs)}`] : []),
    ...(state.courierTracking ? [`*${m.guide.courierTrackingLabel}*: ${state.courierTracking}`] : []),
  ];
  return modal(
    FORM,
    f.title,
    [
      caseHeading(ctx, c),
      section(
        [
          `*${f.patient}*: ${p.patientName}`,
          `*${f.birthDate}*: ${date(p.patientBirthDate)}`,
          `*${f.taxCode}*: ${p.patientTaxCode ?? f.none}`,
          `*${f.applicant}*: ${p.applicantName} (${m.applicant[state.applicantType]})`,
          `*${f.contacts}*: ${contacts}`,
          `*${f.transferReason}*: ${expectedTransferReason(p.patientName)}`,
        ].join('\n'),
      ),
      section(`*${f.notes}*\n${p.notes ?? f.none}`),
      ...(workflow.length > 0 ? [section(workflow.join('\n'))] : []),
      ...(correspondence.length > 0 ? [section(clip(`*${m.mail.slack.correspondence}*\n${correspondence.join('\n')}`, 2900))] : []),
      context(f.recorded),
    ],
    ctx,
    { reference: c.reference },
    null,
  );
}

/**
 * The details modal; opening it is recorded (and refused without a role) before anything is read.
 * Also shown over the payment form (`ELEMENTS.paymentDetails`), recorded the same way.
 */
export async function detailsView(deps: SlackDeps, ref: string, actor: Actor): Promise<ModalView | null> {
  const current = await deps.cases.get(ref);
  const ctx = renderContext(deps);
  if (current.state.personalDataErasedAtMs !== null) {
    // Nothing personal is left to view (or to record as viewed): say that it was erased, and when.
    authorise(actor, 'view_details', current.state);
    return erasedDetailsModal(ctx, current, current.state.personalDataErasedAtMs);
  }
  await deps.cases.execute(ref, { type: 'view_details' }, actor);
  const view = await deps.cases.get(ref);
  const personal = await deps.cases.personalData(view.id);
  if (!personal) return null;
  return detailsModal(
    ctx,
    view,
    {
      applicantName: personal.applicant_name,
      applicantEmail: personal.applicant_email,
      applicantPhone: personal.applicant_phone,
      patientName: personal.patient_name,
      patientBirthDate: personal.patient_birth_date,
      patientTaxCode: personal.patient_tax_code,
      patientEmail: personal.patient_email,
      patientPhone: personal.patient_phone,
      notes: personal.notes,
    },
    pendingQuestion(view.state, await deps.cases.history(ref)),
    await correspondenceLines(deps.correspondence, view.id, ctx, tools(ctx).at),
  );
}

/** Details: personal data and free text, shown only to the person who asked (the view is recorded). */
export const viewDetails = {
  action: 'view_details',
  button: { id: 'case_details', target: 'case', label: labelOf('view_details') },
  async click({ deps, actor, reference }) {
    const view = await detailsView(deps, reference, actor);
    return view ? { modal: view } : { done: true };
  },
} as const satisfies CaseActionModule<'view_details'>;

import type { KnownBlock, ModalView } from '@slack/types';
import { TEXT_LIMITS } from '../../domain/text-rules.js';
import { renderContext } from '../deps.js';
import { BLOCKS } from '../ids.js';
import { context, option } from '../views/blocks.js';
import { caseHeading, input, modal, slackMax, text, type ModalCase } from '../views/modals.js';
import { tools, type RenderContext } from '../views/render-context.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm, runAs } from './shared.js';

const FORM = 'request_info';

/**
 * `mail`: with e-mail configured, whether the case has an address: then "Send to the applicant by
 * e-mail" is offered, ticked (the text goes as written); without one the modal says how to reach them.
 */
export function requestInfoModal(ctx: RenderContext, c: ModalCase, mail: { hasAddress: boolean } | null = null): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.requestInfo;
  const send = option(m.mail.slack.modalSendEmail, 'yes');
  const byMail: KnownBlock[] = !mail
    ? []
    : mail.hasAddress
      ? [input(BLOCKS.emailApplicant, m.mail.slack.modalSendEmail, { type: 'checkboxes', options: [send], initial_options: [send] }, true, m.mail.slack.modalSendEmailHint)]
      : [context(`:mailbox_closed: ${m.mail.slack.modalNoAddress}`)];
  return modal(
    FORM,
    f.title,
    [caseHeading(ctx, c), input(BLOCKS.question, f.question, text({ multiline: true, max: slackMax(TEXT_LIMITS.question), example: m.guide.question }), false, f.hint), ...byMail],
    ctx,
    { reference: c.reference },
  );
}

/** Request information: pauses the clock; with e-mail configured the question can go to the applicant as written. */
export const requestInfo = {
  action: 'request_info',
  button: { id: 'case_request_info', target: 'case', label: labelOf('request_info') },
  click: opensForm('request_info', async (deps, view) => {
    const p = deps.mail ? await deps.cases.personalData(view.id) : null;
    return requestInfoModal(renderContext(deps), view, deps.mail ? { hasAddress: Boolean(p?.applicant_email ?? p?.patient_email) } : null);
  }),
  form: {
    callbackId: FORM,
    submit: (s) => runAs(s, { type: 'request_info', question: s.form.text(BLOCKS.question), emailApplicant: s.form.checked(BLOCKS.emailApplicant).includes('yes') }),
  },
} as const satisfies CaseActionModule<'request_info'>;

import type { App, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { authorise, type CaseCommand } from '../../domain/commands.js';
import type { Action } from '../../domain/permissions.js';
import type { CaseView } from '../../services/cases.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { ACTIONS } from '../ids.js';
import {
  assignModal,
  cancelModal,
  deliverModal,
  detailsModal,
  documentsModal,
  infoReceivedModal,
  paymentModal,
  requestInfoModal,
} from '../views/modals.js';

const buttonValue = z.string().regex(/^SO-\d{4}-\d{4,}$/);

/** Buttons that act at once: the click is acknowledged first, then the command runs. */
const IMMEDIATE: Partial<Record<string, CaseCommand>> = {
  [ACTIONS.claim]: { type: 'claim' },
  [ACTIONS.release]: { type: 'release' },
};

/** Buttons that open a modal: the permission is checked before the form is shown. */
const MODALS: Partial<Record<string, { action: Action; build: (deps: SlackDeps, view: CaseView) => Promise<ModalView> | ModalView }>> = {
  [ACTIONS.documents]: { action: 'record_documents', build: (d, v) => documentsModal(renderContext(d), v.reference, v.state) },
  [ACTIONS.payment]: { action: 'confirm_payment', build: (d, v) => paymentModal(renderContext(d), v.reference, v.state.expectedCents) },
  [ACTIONS.requestInfo]: { action: 'request_info', build: (d, v) => requestInfoModal(renderContext(d), v.reference) },
  [ACTIONS.infoReceived]: { action: 'info_received', build: (d, v) => infoReceivedModal(renderContext(d), v.reference) },
  [ACTIONS.assign]: {
    action: 'assign',
    build: async (d, v) => assignModal(renderContext(d), v.reference, await d.queries.doctorsFor(v.state.pathologyArea)),
  },
  [ACTIONS.deliver]: { action: 'deliver', build: (d, v) => deliverModal(renderContext(d), v.reference) },
  [ACTIONS.cancel]: { action: 'cancel', build: (d, v) => cancelModal(renderContext(d), v.reference) },
};

export function registerActions(app: App, deps: SlackDeps): void {
  for (const actionId of Object.values(ACTIONS)) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
      const parsed = buttonValue.safeParse(action.value);
      if (!parsed.success) return;
      const reference = parsed.data;
      try {
        const actor = await deps.staff.actor(body.user.id);
        const immediate = IMMEDIATE[actionId];
        if (immediate) {
          await deps.cases.execute(reference, immediate, actor);
          return;
        }
        const view = await deps.cases.get(reference);
        if (actionId === ACTIONS.details) {
          // Opening the personal data is itself recorded (and refused without a role).
          await deps.cases.execute(reference, { type: 'view_details' }, actor);
          const personal = await deps.cases.personalData(view.id);
          if (!personal) return;
          await deps.client.views.open({
            trigger_id: body.trigger_id,
            view: detailsModal(renderContext(deps), reference, view.state, {
              applicantName: personal.applicant_name,
              applicantEmail: personal.applicant_email,
              applicantPhone: personal.applicant_phone,
              patientName: personal.patient_name,
              patientBirthDate: personal.patient_birth_date,
              patientTaxCode: personal.patient_tax_code,
              patientEmail: personal.patient_email,
              patientPhone: personal.patient_phone,
              notes: personal.notes,
            }),
          });
          return;
        }
        const modal = MODALS[actionId];
        if (!modal) return;
        authorise(actor, modal.action, view.state.assignee);
        await deps.client.views.open({ trigger_id: body.trigger_id, view: await modal.build(deps, view) });
      } catch (err) {
        await tell(refusalText(deps, err));
      }
    });
  }
}

import type { App, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { authorise, type CaseCommand } from '../../domain/commands.js';
import type { CaseView } from '../../services/cases.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { BUTTON_IDS, type ButtonAction } from '../ids.js';
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
import { requestConsultModal } from '../views/board.js';
import { defaultConsultDueAt } from '../../domain/consult-commands.js';

const buttonValue = z.string().regex(/^SO-\d{4}-\d{4,}$/);

type ModalBuilder = (deps: SlackDeps, view: CaseView) => Promise<ModalView> | ModalView;

/**
 * What a click on each action's button does: the command at once (acknowledged first), or a modal
 * to fill in. Whether the action is allowed is the action table's answer, asked before anything opens.
 */
const ON_CLICK: Record<Exclude<ButtonAction, 'view_details'>, { command: CaseCommand } | { modal: ModalBuilder }> = {
  claim: { command: { type: 'claim' } },
  release: { command: { type: 'release' } },
  record_documents: { modal: (d, v) => documentsModal(renderContext(d), v.reference, v.state) },
  confirm_payment: { modal: (d, v) => paymentModal(renderContext(d), v.reference, v.state.expectedCents) },
  request_info: { modal: (d, v) => requestInfoModal(renderContext(d), v.reference) },
  info_received: { modal: (d, v) => infoReceivedModal(renderContext(d), v.reference) },
  assign: { modal: async (d, v) => assignModal(renderContext(d), v.reference, await d.queries.doctorsFor(v.state.pathologyArea)) },
  deliver: { modal: (d, v) => deliverModal(renderContext(d), v.reference) },
  cancel: { modal: (d, v) => cancelModal(renderContext(d), v.reference) },
  request_consult: {
    modal: (d, v) => {
      const ctx = renderContext(d);
      const due = defaultConsultDueAt(d.cases.board, v.state, ctx.nowMs) ?? ctx.nowMs;
      return requestConsultModal(ctx, v.reference, d.cases.board.specialistAreas, due, v.sla.dueAtMs ?? due);
    },
  },
};

export function registerActions(app: App, deps: SlackDeps): void {
  for (const [caseAction, actionId] of Object.entries(BUTTON_IDS) as [ButtonAction, string][]) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
      const parsed = buttonValue.safeParse(action.value);
      if (!parsed.success) return;
      const reference = parsed.data;
      try {
        const actor = await deps.staff.actor(body.user.id);
        const onClick = caseAction === 'view_details' ? null : ON_CLICK[caseAction];
        if (onClick && 'command' in onClick) {
          await deps.cases.execute(reference, onClick.command, actor);
          return;
        }
        const view = await deps.cases.get(reference);
        if (caseAction === 'view_details') {
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
        if (!onClick) return;
        authorise(actor, caseAction, view.state);
        await deps.client.views.open({ trigger_id: body.trigger_id, view: await onClick.modal(deps, view) });
      } catch (err) {
        await tell(refusalText(deps, err));
      }
    });
  }
}

import type { App, BlockAction, BlockButtonAction, BlockOverflowAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { type CaseCommand } from '../../domain/commands.js';
import { authorise } from '../../domain/actions.js';
import { explainRefusal } from './explain-refusal.js';
import type { Actor } from '../../domain/permissions.js';
import type { CaseView } from '../../services/cases.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { BUTTON_IDS, ELEMENTS, parseOverflowValue, type ButtonAction } from '../ids.js';
import {
  assignModal,
  cancelModal,
  deliverModal,
  detailsModal,
  erasedDetailsModal,
  documentsModal,
  infoReceivedModal,
  newCaseModal,
  paymentModal,
  releaseModal,
  requestInfoModal,
} from '../views/modals.js';
import { requestConsultModal } from '../views/board.js';
import { defaultConsultDueAt } from '../../domain/consult-commands.js';
import { pendingQuestion } from '../views/questions.js';
import { tools } from '../views/render-context.js';
import { correspondenceLines } from '../mail.js';

const reference = z.string().regex(/^SO-\d{4}-\d{4,}$/);

type ModalBuilder = (deps: SlackDeps, view: CaseView) => Promise<ModalView> | ModalView;

/**
 * What a click on each action's button does: the command at once (acknowledged first), or a modal
 * to fill in (Release and Cancel ask for confirmation in theirs). Whether the action is allowed is
 * the action table's answer, asked before anything opens.
 */
const ON_CLICK: Record<Exclude<ButtonAction, 'view_details'>, { command: CaseCommand } | { modal: ModalBuilder }> = {
  claim: { command: { type: 'claim' } },
  release: { modal: (d, v) => releaseModal(renderContext(d), v) },
  record_documents: { modal: (d, v) => documentsModal(renderContext(d), v) },
  confirm_payment: { modal: (d, v) => paymentModal(renderContext(d), v) },
  request_info: {
    modal: async (d, v) => {
      const p = d.mail ? await d.cases.personalData(v.id) : null;
      return requestInfoModal(renderContext(d), v, d.mail ? { hasAddress: Boolean(p?.applicant_email ?? p?.patient_email) } : null);
    },
  },
  info_received: {
    modal: async (d, v) => infoReceivedModal(renderContext(d), v, pendingQuestion(v.state, await d.cases.history(v.reference))),
  },
  assign: { modal: async (d, v) => assignModal(renderContext(d), v, await d.queries.doctorsFor(v.state.pathologyArea)) },
  deliver: { modal: (d, v) => deliverModal(renderContext(d), v) },
  cancel: { modal: (d, v) => cancelModal(renderContext(d), v) },
  request_consult: {
    modal: (d, v) => {
      const ctx = renderContext(d);
      const due = defaultConsultDueAt(d.cases.board, v.state, ctx.nowMs) ?? ctx.nowMs;
      return requestConsultModal(ctx, v.reference, d.cases.board.specialistAreas, due, v.sla.dueAtMs ?? due);
    },
  },
};

const ACTION_OF_BUTTON = new Map(Object.entries(BUTTON_IDS).map(([action, id]) => [id as string, action as ButtonAction]));

/** The details modal; opening it is recorded (and refused without a role) before anything is read. */
async function detailsView(deps: SlackDeps, ref: string, actor: Actor): Promise<ModalView | null> {
  const current = await deps.cases.get(ref);
  if (current.state.personalDataErasedAtMs !== null) {
    // Nothing personal is left to view (or to record as viewed): say that it was erased, and when.
    authorise(actor, 'view_details', current.state);
    return erasedDetailsModal(renderContext(deps), current, current.state.personalDataErasedAtMs);
  }
  await deps.cases.execute(ref, { type: 'view_details' }, actor);
  const view = await deps.cases.get(ref);
  const personal = await deps.cases.personalData(view.id);
  if (!personal) return null;
  return detailsModal(
    renderContext(deps),
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
    await correspondenceLines(deps.correspondence, view.id, renderContext(deps), tools(renderContext(deps)).at),
  );
}

/** What a click on a case action does, wherever the button was (card, alert, App Home, overflow menu). */
async function runCaseAction(deps: SlackDeps, caseAction: ButtonAction, ref: string, userId: string, triggerId: string): Promise<void> {
  const actor = await deps.staff.actor(userId);
  if (caseAction === 'view_details') {
    const view = await detailsView(deps, ref, actor);
    if (view) await deps.client.views.open({ trigger_id: triggerId, view });
    return;
  }
  const onClick = ON_CLICK[caseAction];
  if ('command' in onClick) {
    await deps.cases.execute(ref, onClick.command, actor);
    return;
  }
  const view = await deps.cases.get(ref);
  authorise(actor, caseAction, view.state);
  await deps.client.views.open({ trigger_id: triggerId, view: await onClick.modal(deps, view) });
}

export function registerActions(app: App, deps: SlackDeps): void {
  const tellFor = (respond: (m: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>) => (text: string) =>
    respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);

  for (const [caseAction, actionId] of Object.entries(BUTTON_IDS) as [ButtonAction, string][]) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const parsed = reference.safeParse(action.value);
      if (!parsed.success) return;
      try {
        await runCaseAction(deps, caseAction, parsed.data, body.user.id, body.trigger_id);
      } catch (err) {
        await tellFor(respond)(await explainRefusal(deps, err, caseAction, parsed.data, body.user.id));
      }
    });
  }

  // The card's overflow menu (Release, Cancel): each option opens its confirmation modal.
  app.action<BlockOverflowAction>(ELEMENTS.more, async ({ ack, body, action, respond }) => {
    await ack();
    const chosen = parseOverflowValue(action.selected_option?.value ?? '');
    const caseAction = chosen ? ACTION_OF_BUTTON.get(chosen.actionId) : undefined;
    if (!chosen || !caseAction || !reference.safeParse(chosen.reference).success) return;
    try {
      await runCaseAction(deps, caseAction, chosen.reference, body.user.id, body.trigger_id);
    } catch (err) {
      await tellFor(respond)(await explainRefusal(deps, err, caseAction, chosen.reference, body.user.id));
    }
  });

  // "Open case" is a link button: Slack opens the card and still tells the app, which has nothing to do.
  app.action<BlockAction>(ELEMENTS.openCase, async ({ ack }) => {
    await ack();
  });

  // App Home: New case.
  app.action<BlockButtonAction>(ELEMENTS.newCase, async ({ ack, body }) => {
    await ack();
    try {
      authorise(await deps.staff.actor(body.user.id), 'create_case');
      await deps.client.views.open({ trigger_id: body.trigger_id, view: newCaseModal(renderContext(deps), deps.pathologyAreas) });
    } catch (err) {
      deps.logger.info({ reason: refusalText(deps, err) }, 'new case from App Home refused');
    }
  });

  // In the payment modal: the details (with the name for the transfer reason) on top, recorded as a view.
  app.action<BlockButtonAction>(ELEMENTS.paymentDetails, async ({ ack, body, action }) => {
    await ack();
    const parsed = reference.safeParse(action.value);
    if (!parsed.success) return;
    try {
      const view = await detailsView(deps, parsed.data, await deps.staff.actor(body.user.id));
      if (view) await deps.client.views.push({ trigger_id: body.trigger_id, view });
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'details not shown over the payment modal');
    }
  });
}

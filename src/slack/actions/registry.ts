import type { CaseAction } from '../../domain/actions.js';
import type { CaseActionModule } from './action-module.js';
import { answerConsult } from './answer-consult.js';
import { assignConsult } from './assign-consult.js';
import { assign } from './assign.js';
import { cancel } from './cancel.js';
import { claimConsult } from './claim-consult.js';
import { claim } from './claim.js';
import { confirmPayment } from './confirm-payment.js';
import { deliver } from './deliver.js';
import { erasePersonalData } from './erase-personal-data.js';
import { infoReceived } from './info-received.js';
import { recordDocuments } from './record-documents.js';
import { recordTransfer } from './record-transfer.js';
import { rejectDocument } from './reject-document.js';
import { release } from './release.js';
import { requestConsult } from './request-consult.js';
import { requestInfo } from './request-info.js';
import { viewDetails } from './view-details.js';
import { withdrawConsult } from './withdraw-consult.js';

/**
 * Every action of the domain's table, by its id, with its Slack module. Typed over the table's
 * union: an action added to `domain/actions.ts` without a module here does not compile, nor does a
 * module whose `action` is not its key. A new Slack action is its module and a row in the table.
 */
export const ACTION_MODULES = {
  claim,
  deliver,
  info_received: infoReceived,
  request_info: requestInfo,
  assign,
  record_documents: recordDocuments,
  reject_document: rejectDocument,
  confirm_payment: confirmPayment,
  record_transfer: recordTransfer,
  release,
  request_consult: requestConsult,
  view_details: viewDetails,
  cancel,
  claim_consult: claimConsult,
  assign_consult: assignConsult,
  answer_consult: answerConsult,
  withdraw_consult: withdrawConsult,
  erase_personal_data: erasePersonalData,
} as const satisfies { readonly [A in CaseAction]: CaseActionModule<A> };

type Modules = typeof ACTION_MODULES;

/** Actions with a button of their own; the compiler knows which from their modules. */
export type ButtonAction = { [A in CaseAction]: Modules[A]['button'] extends null ? never : A }[CaseAction];
/** Actions whose button carries one case (not one of its consults). */
export type CaseButtonAction = { [A in ButtonAction]: Modules[A]['button'] extends { target: 'case' } ? A : never }[ButtonAction];
/** Actions with a form of their own. */
export type FormAction = { [A in CaseAction]: Modules[A] extends { form: object } ? A : never }[CaseAction];

const MODULES: readonly CaseActionModule[] = Object.values(ACTION_MODULES);

export const isButtonAction = (a: CaseAction | null): a is ButtonAction => a !== null && ACTION_MODULES[a].button !== null;
export const isCaseButtonAction = (a: CaseAction | null): a is CaseButtonAction => isButtonAction(a) && ACTION_MODULES[a].button.target === 'case';

/** The action id of an action's button (tests and Block Kit builders). */
export const buttonOf = (action: ButtonAction): string => ACTION_MODULES[action].button.id;
/** The callback id of an action's form. */
export const formOf = (action: FormAction): string => ACTION_MODULES[action].form.callbackId;

const BY_BUTTON = new Map(MODULES.flatMap((m) => (m.button ? [[m.button.id, m] as const] : [])));
/** The module whose button (or overflow option) this is. */
export const moduleOfButton = (actionId: string): CaseActionModule | undefined => BY_BUTTON.get(actionId);

/** Every module with a button or a form, for the listeners to register. */
export const SLACK_ACTION_MODULES: readonly CaseActionModule[] = MODULES.filter((m) => m.button || m.form);

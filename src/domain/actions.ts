import { isPending } from './board.js';
import { isOpen, OPEN_STATUSES, type CaseState, type CaseStatus } from './case.js';
import { completionInstant } from './checklist.js';
import type { Actor, Principal, Role } from './permissions.js';
import { refuse, type RefusalReason, type Verdict } from './refusal.js';

/**
 * The one table of actions (SPEC section 1 and the lifecycle of section 2): who may do what, in
 * which state, and how the action is offered. Commands (`decide`), the card's buttons, App Home and
 * the listeners all ask this module; nothing else keeps a list of states or roles per action. A new
 * action is a new row.
 */

const ALL_STATUSES: readonly CaseStatus[] = ['intake', 'ready', 'in_review', 'awaiting_info', 'delivered', 'cancelled'];

interface Row {
  roles: readonly Principal[];
  /** A person with only this role may act only on a case they hold; other granted roles act for them. */
  holderOnlyFor?: Role;
  /** The states in which the action is accepted. */
  from: readonly CaseStatus[];
  /** The states in which the card offers it (a subset of `from`); default: all of `from`. */
  offeredIn?: readonly CaseStatus[];
  /** A further rule on the state, checked once the state is right: the reason it does not apply. */
  unless?: (state: CaseState) => RefusalReason | null;
  /** Refused outside `from` on a held case, the refusal names the holder (two doctors claiming at once). */
  namesHolder?: true;
  /** In these states the action is the one to do next, when the viewer may do it. */
  primaryIn?: readonly CaseStatus[];
  /** Where a surface puts it: among the buttons, or behind the overflow menu. */
  placement: 'button' | 'overflow';
  /** Cannot be undone; surfaces colour it and ask for confirmation. */
  destructive?: true;
}

/**
 * Case actions, in the order surfaces show them; the first available one marked primary for the
 * state is the primary action.
 */
const CASE_ROWS = {
  claim: { roles: ['doctor'], from: ['ready'], namesHolder: true, primaryIn: ['ready'], placement: 'button' },
  deliver: {
    roles: ['doctor'],
    holderOnlyFor: 'doctor',
    from: ['in_review'],
    unless: (s) => (s.payment.state === 'pending' ? { key: 'unpaid_delivery' } : pendingConsultRefusal(s)),
    primaryIn: ['in_review'],
    placement: 'button',
  },
  info_received: {
    roles: ['doctor', 'coordinator'],
    holderOnlyFor: 'doctor',
    from: ['awaiting_info'],
    primaryIn: ['awaiting_info'],
    placement: 'button',
  },
  request_info: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor', from: ['in_review'], placement: 'button' },
  assign: {
    roles: ['coordinator'],
    // A paused case can change hands too (its doctor is away); the card offers it where work happens.
    from: ['ready', 'in_review', 'awaiting_info'],
    offeredIn: ['ready', 'in_review'],
    // Once a doctor holds the case, handing it to another is the exception, not the next step.
    primaryIn: ['ready'],
    placement: 'button',
  },
  record_documents: {
    roles: ['coordinator', 'integration'],
    // After intake a receipt can still be recorded: it corrects the instant of a received item.
    from: OPEN_STATUSES,
    offeredIn: ['intake', 'ready'],
    primaryIn: ['intake'],
    placement: 'button',
  },
  // Until a doctor holds it: a complete case is ready at once, and a document found wanting (a consent
  // not countersigned) sends it back to intake.
  reject_document: { roles: ['coordinator'], from: ['intake', 'ready'], offeredIn: [], placement: 'button' },
  confirm_payment: {
    roles: ['coordinator'],
    from: OPEN_STATUSES,
    unless: (s) => (s.payment.state === 'pending' ? null : { key: 'payment_already_confirmed' }),
    // Under review, an unconfirmed payment is what holds the answer back (delivery waits for it).
    primaryIn: ['in_review'],
    placement: 'button',
  },
  /** A bank credit placed on the case (the import acts as a coordinator); offered from App Home's queue, not the card. */
  record_transfer: {
    roles: ['coordinator'],
    from: OPEN_STATUSES,
    unless: (s) => (s.payment.state === 'pending' ? null : { key: 'payment_already_confirmed' }),
    offeredIn: [],
    placement: 'button',
  },
  release: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor', from: ['in_review'], placement: 'overflow' },
  // The board (SPEC section 8). The lead (who holds the case) or a coordinator asks a specialist area
  // once the SLA runs; the card offers claim, answer and withdraw per consult, so not among these.
  request_consult: {
    roles: ['doctor', 'coordinator'],
    holderOnlyFor: 'doctor',
    from: OPEN_STATUSES,
    unless: (s) => (completionInstant(s.checklist) === null ? { key: 'consult_before_documents' } : null),
    placement: 'button',
  },
  view_details: { roles: ['coordinator', 'doctor', 'manager', 'admin'], from: ALL_STATUSES, placement: 'button' },
  cancel: { roles: ['coordinator'], from: OPEN_STATUSES, placement: 'overflow', destructive: true },
  // Per consult: judged with the consult's holder (see `judge`) and offered on the card consult by consult.
  claim_consult: { roles: ['doctor'], from: OPEN_STATUSES, offeredIn: [], placement: 'button' },
  assign_consult: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor', from: OPEN_STATUSES, offeredIn: [], placement: 'button' },
  /** Judged with the consultant as holder: the consultant answers, a coordinator may record it for them. */
  answer_consult: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor', from: OPEN_STATUSES, offeredIn: [], placement: 'button' },
  withdraw_consult: {
    roles: ['doctor', 'coordinator'],
    holderOnlyFor: 'doctor',
    from: OPEN_STATUSES,
    offeredIn: [],
    placement: 'overflow',
    destructive: true,
  },
  /** Retention: by the scheduled job or an operator's CLI (both act as admin); never offered in Slack. */
  erase_personal_data: { roles: ['admin'], from: ['delivered', 'cancelled'], offeredIn: [], placement: 'overflow', destructive: true },
} as const satisfies Record<string, Row>;

/** Delivery waits for the board: the refusal names the first consult still waiting for its answer. */
function pendingConsultRefusal(s: CaseState): RefusalReason | null {
  const pending = s.consults.find(isPending);
  return pending ? { key: 'consult_pending', area: pending.area, state: pending.state } : null;
}

interface GeneralRow {
  roles: readonly Principal[];
  /** A person with only this role may do it only about themselves (the subject), refused with this reason. */
  selfOnly?: { for: Role; refusal: RefusalReason };
}

/** Actions that are not about one case's state: the role matters, and for some who it is about. */
const GENERAL_ROWS = {
  create_case: { roles: ['coordinator', 'integration'] },
  view_case: { roles: ['coordinator', 'doctor', 'manager', 'admin', 'integration'] },
  digest: { roles: ['manager', 'admin'] },
  report: { roles: ['manager', 'admin'] },
  /** The case history with the patient's personal data (CLI): recorded as a view of them. */
  export_personal_data: { roles: ['manager', 'admin'] },
  manage_staff: { roles: ['admin'] },
  /** A doctor records their own absence; a coordinator records anybody's. */
  record_absence: { roles: ['doctor', 'coordinator'], selfOnly: { for: 'doctor', refusal: { key: 'own_absence_only' } } },
  /** Moving every open case of an absent doctor at once (each case is still judged as an Assign). */
  reassign_all: { roles: ['coordinator'] },
  /** Putting off a reminder one reads in a DM (it only ever delays the snoozer's own reminders). */
  snooze_reminder: { roles: ['doctor', 'coordinator'] },
  /** The coordinators' inbox: a reply handled, an e-mail attached to a case, a bank credit matched or dismissed. */
  handle_inbox: { roles: ['coordinator'] },
} as const satisfies Record<string, GeneralRow>;

export type CaseAction = keyof typeof CASE_ROWS;
export type GeneralAction = keyof typeof GENERAL_ROWS;
export type Action = CaseAction | GeneralAction;

export const CASE_ACTIONS = Object.keys(CASE_ROWS) as CaseAction[];

const caseRow = (action: CaseAction): Row => CASE_ROWS[action];

/**
 * What someone refused an action does to the same end: a coordinator assigns what a doctor claims.
 * (Beside the table rather than in it: a row naming another row's key would make the table's type
 * refer to itself.)
 */
const COUNTERPARTS: Partial<Record<CaseAction, CaseAction>> = { claim: 'assign', claim_consult: 'assign_consult' };
const isGeneral = (action: Action): action is GeneralAction => action in GENERAL_ROWS;

function byRole(actor: Actor, roles: readonly Principal[], holderOnlyFor: Role | undefined, holder: string | null): Verdict {
  const granted = roles.filter((r) => actor.roles.has(r));
  if (granted.length === 0) return { allowed: false, code: 'forbidden', reason: { key: 'needs_role', roles }, details: { needs: roles } };
  // Any granted role that is not restricted to holders suffices (a coordinator acting for a doctor).
  if (granted.some((r) => r !== holderOnlyFor) || holder === actor.id) return { allowed: true };
  return { allowed: false, code: 'forbidden', reason: { key: 'holder_only' }, details: { needs: roles, holder } };
}

/** Whether the case's state lets anyone take this action, whoever they are. */
export function stateVerdict(action: CaseAction, state: CaseState): Verdict {
  const row = caseRow(action);
  if (!row.from.includes(state.status)) {
    if (row.namesHolder && state.assignee !== null && isOpen(state.status)) {
      return { allowed: false, code: 'already_claimed', reason: { key: 'already_held', holder: state.assignee }, details: { holder: state.assignee } };
    }
    return { allowed: false, code: 'invalid_state', reason: { key: 'wrong_state', status: state.status }, details: {} };
  }
  const reason = row.unless?.(state) ?? null;
  return reason ? { allowed: false, code: 'invalid_state', reason, details: {} } : { allowed: true };
}

/**
 * May this actor take this action? For a case action pass the case's state: the roles are checked
 * first (a refused person learns which role it needs), then whether they hold the case, then the state.
 */
export function judge(actor: Actor, action: GeneralAction, subject?: string): Verdict;
export function judge(actor: Actor, action: CaseAction, state: CaseState, holder?: string | null): Verdict;
/** `holder` names who holds the part of the case acted on when it is not the case (a consult's consultant). */
export function judge(actor: Actor, action: Action, about?: CaseState | string, holder?: string | null): Verdict {
  if (isGeneral(action)) {
    const row: GeneralRow = GENERAL_ROWS[action];
    const verdict = byRole(actor, row.roles, row.selfOnly?.for, typeof about === 'string' ? about : null);
    if (!verdict.allowed && verdict.reason.key === 'holder_only' && row.selfOnly) return { ...verdict, reason: row.selfOnly.refusal };
    return verdict;
  }
  const state = typeof about === 'object' ? about : undefined;
  const row = caseRow(action);
  const roles = byRole(actor, row.roles, row.holderOnlyFor, holder !== undefined ? holder : (state?.assignee ?? null));
  if (!roles.allowed || !state) return roles;
  return stateVerdict(action, state);
}

/** The actions this person can take on the case now, in display order. */
export function availableActions(state: CaseState, actor: Actor): CaseAction[] {
  return CASE_ACTIONS.filter((a) => judge(actor, a, state).allowed);
}

export interface OfferedAction {
  action: CaseAction;
  placement: Row['placement'];
  primary: boolean;
  destructive: boolean;
}

/**
 * What a shared surface (the card in the channel, seen by everyone) offers in this state, in order;
 * the server still judges every click. With a viewer, only what that person can do.
 */
export function offeredActions(state: CaseState, viewer?: Actor): OfferedAction[] {
  const offered = CASE_ACTIONS.filter((a) => {
    const row = caseRow(a);
    if (!(row.offeredIn ?? row.from).includes(state.status)) return false;
    return viewer ? judge(viewer, a, state).allowed : stateVerdict(a, state).allowed;
  });
  const primary = offered.find((a) => caseRow(a).primaryIn?.includes(state.status));
  return offered.map((action) => {
    const row = caseRow(action);
    return { action, placement: row.placement, primary: action === primary, destructive: row.destructive === true };
  });
}

/** The one thing to do next on this case (for this viewer, when given), or null. */
export function primaryAction(state: CaseState, viewer?: Actor): CaseAction | null {
  return offeredActions(state, viewer).find((o) => o.primary)?.action ?? null;
}

/**
 * What this person can do instead of an action they were refused, best first: its counterpart when
 * they may take it (a coordinator refused Claim assigns the case), then their next step, then the rest
 * of what they may do (reading the details aside).
 */
export function actionsInsteadOf(refused: CaseAction, state: CaseState, actor: Actor): CaseAction[] {
  const counterpart = COUNTERPARTS[refused];
  const may = availableActions(state, actor);
  const candidates = [counterpart && may.includes(counterpart) ? counterpart : null, primaryAction(state, actor), ...may];
  return [...new Set(candidates.filter((a): a is CaseAction => a !== null && a !== refused && a !== 'view_details'))];
}

/**
 * What this viewer does next on the case: the primary action when they may take it; otherwise (a
 * doctor holding an unpaid case cannot deliver yet) their first action offered as a button, reading
 * the details aside. Null when there is nothing for them to do.
 */
export function nextAction(state: CaseState, viewer: Actor): CaseAction | null {
  const offered = offeredActions(state, viewer);
  return (offered.find((o) => o.primary) ?? offered.find((o) => o.placement === 'button' && !o.destructive && o.action !== 'view_details'))?.action ?? null;
}

/** Refuses, with the reason the action table gives, what this actor may not do (on this case, in its state). */
export function authorise(actor: Actor, action: GeneralAction, subject?: string): void;
export function authorise(actor: Actor, action: CaseAction, state: CaseState, holder?: string | null): void;
export function authorise(actor: Actor, action: CaseAction | GeneralAction, about?: CaseState | string, holder?: string | null): void {
  refuse(typeof about === 'object' ? judge(actor, action as CaseAction, about, holder) : judge(actor, action as GeneralAction, about));
}

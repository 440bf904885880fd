import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import { availableActions } from '../../domain/actions.js';
import type { BoardView } from '../../domain/board.js';
import type { CaseState } from '../../domain/case.js';
import type { CaseNotificationKind, ReminderFacts } from '../../domain/notification-policy.js';
import { formatDate } from '../../i18n/format.js';
import { actionButton } from '../actions/buttons.js';
import type { CaseButtonAction } from '../actions/registry.js';
import { consultButtonValue, ELEMENTS } from '../ids.js';
import { context, plain, section } from './blocks.js';
import { LIMITS } from './limits.js';
import { areaText, caseRef, personName, tools, type RenderContext } from './render-context.js';
import { who } from './thread-line.js';

/** Actions an alert can ask for: those with a button on the case. */
export type AlertAction = CaseButtonAction;

/**
 * Who reads an alert, which decides the buttons it carries (SPEC section 5, "Each alert carries what
 * its reader can do"): no alert offers a button its readers may not use.
 * - `team`: the case thread (doctors and coordinators): what the alert asks for (Claim, Assign…);
 * - `coordinators`: what it asks the coordinators to do (Documents, Confirm payment, Information received);
 * - `managers`: nothing to click but the card; the holder and what blocks the case, named;
 * - `holder`: the lead doctor's DM: Request information / Opinion delivered, as the state allows;
 * - `consultant`: the consultant's DM: "Record Radiology answer".
 */
export type AlertReader = 'team' | 'coordinators' | 'managers' | 'holder' | 'consultant';

/** The case an alert is about: the reference and card link, and (for the readers' buttons and the managers' cause) its state. */
export interface AlertCase {
  id: number;
  reference: string;
  state?: CaseState;
  board?: BoardView;
}

/**
 * An alert: its sentence (the case named as a link to its card), the buttons for the actions it asks
 * for, and "Open case" to the card. The click is checked on the server like any other.
 */
export function alertBlocks(
  text: string,
  reference: string,
  actions: readonly AlertAction[],
  permalink: string | null,
  ctx: RenderContext,
  extra: { consult?: { id: number; area: string }; note?: string } = {},
): KnownBlock[] {
  const { m } = tools(ctx);
  const elements: ActionsBlockElement[] = actions.map((a, i) => actionButton(m, a, reference, i === 0 ? 'primary' : undefined));
  if (extra.consult) {
    const area = areaText(ctx, extra.consult.area);
    elements.unshift(actionButton(m, 'answer_consult', consultButtonValue(reference, extra.consult.id), 'primary', area));
  }
  if (permalink) elements.push(openCaseButton(permalink, reference, ctx));
  return [
    section(text),
    ...(extra.note ? [context(extra.note)] : []),
    ...(elements.length > 0 ? [{ type: 'actions' as const, block_id: 'alert_actions', elements }] : []),
  ];
}

/** A link button to the case's card. */
export function openCaseButton(permalink: string, reference: string, ctx: RenderContext): ActionsBlockElement {
  return { type: 'button', text: plain(tools(ctx).m.buttons.openCase, LIMITS.buttonText), action_id: ELEMENTS.openCase, url: permalink, value: reference };
}

/** The button each alert carries in the thread and for the coordinators, for the action it asks for. */
const ALERT_ACTIONS: Record<CaseNotificationKind, AlertAction[]> = {
  unclaimed: ['claim', 'assign'],
  unclaimed_escalation: ['assign'],
  due_soon: [],
  due_imminent: [],
  breached: [],
  awaiting_info: ['info_received'],
  intake_stale: ['record_documents'],
  payment_pending: ['confirm_payment'],
  consult_due_soon: [],
  consult_overdue: [],
};

/** What the holder may do from their DM, as the action table allows it in this state. */
function holderActions(state: CaseState | undefined): AlertAction[] {
  if (!state?.assignee) return [];
  const may = availableActions(state, { id: state.assignee, roles: new Set(['doctor']) });
  return (['deliver', 'request_info'] as const).filter((a) => may.includes(a));
}

/**
 * For the managers: who holds the case and what holds it back ("held by Dr Bianchi · blocked: payment
 * unconfirmed since Mon 30 Nov 2026"), from the case as it is now.
 */
export function holderAndCause(c: AlertCase, ctx: RenderContext): string | null {
  const s = c.state;
  if (!s) return null;
  const { m, at } = tools(ctx);
  const r = m.reach.cause;

  const parts = [s.assignee ? r.heldBy(personName(ctx, s.assignee)) : r.nobody];
  if (s.status === 'awaiting_info' && s.lastPause) parts.push(r.awaitingInfo(at(s.lastPause.fromMs)));
  for (const consult of c.board?.consults ?? []) {
    if (consult.state === 'open' || consult.state === 'claimed') parts.push(r.consult(areaText(ctx, consult.area)));
  }
  if (s.payment.state === 'pending' && s.status !== 'intake') {
    const transfer = s.checklist.find((e) => e.item === 'bank_transfer_copy')?.status;
    parts.push(transfer?.state === 'received' ? r.paymentSince(formatDate(DateTime.fromMillis(transfer.receivedAtMs, { zone: ctx.zone }).toISODate()!, ctx.locale)) : r.payment);
  }
  if (s.status === 'intake') parts.push(r.documents);
  return parts.join(' · ');
}

/** The words of a reminder: workflow facts only (reference, instants, durations); `ref` links to the card. */
function reminderText(ref: string, f: ReminderFacts, ctx: RenderContext): string {
  const { m, at, dur } = tools(ctx);
  const n = m.notify;
  switch (f.kind) {
    case 'unclaimed':
      return n.unclaimed(ref, at(f.sinceMs));
    case 'unclaimed_escalation':
      return f.overdueMs === null || f.dueAtMs === null
        ? n.unclaimedEscalation(ref, at(f.sinceMs), f.dueAtMs === null ? '' : at(f.dueAtMs))
        : n.unclaimedEscalationOverdue(ref, at(f.sinceMs), at(f.dueAtMs), dur(f.overdueMs));
    case 'due_soon':
      return n.dueSoon(ref, at(f.dueAtMs), dur(f.remainingMs));
    case 'due_imminent':
      return n.dueImminent(ref, at(f.dueAtMs), dur(f.remainingMs));
    case 'breached':
      return n.breached(ref, at(f.dueAtMs), dur(f.overdueMs));
    case 'awaiting_info':
      return n.awaitingInfo(ref, at(f.sinceMs), who(f.askedBy, ctx), dur(f.waitedMs));
    case 'intake_stale':
      return n.intakeStale(ref, f.missing, dur(f.waitedMs));
    case 'payment_pending':
      return n.paymentPending(ref, at(f.transferReceivedAtMs), dur(f.waitedMs), f.reviewUnderWay);
    case 'consult_due_soon':
      return m.board.notify.dueSoon(ref, areaText(ctx, f.area), at(f.dueAtMs), dur(Math.max(0, f.remainingMs)));
    case 'consult_overdue':
      return m.board.notify.overdue(ref, areaText(ctx, f.area), at(f.dueAtMs), dur(Math.max(0, -f.remainingMs)));
  }
}

/**
 * A reminder or escalation about a case, for one kind of reader: the notification text (push, screen
 * readers) names the case without mrkdwn; the blocks name it as a link to its card and carry the
 * buttons that reader may use (see `AlertReader`).
 */
export function alertMessage(
  c: AlertCase,
  facts: ReminderFacts,
  ctx: RenderContext,
  reader: AlertReader = 'team',
): { text: string; linked: string; blocks: KnownBlock[]; wrap: (words: string) => KnownBlock[] } {
  const text = reminderText(c.reference, facts, { ...ctx, links: new Map() });
  const linked = reminderText(caseRef(ctx, c), facts, ctx);
  const actions =
    reader === 'managers' || reader === 'consultant' ? [] : reader === 'holder' ? holderActions(c.state) : ALERT_ACTIONS[facts.kind];
  const consult =
    reader === 'consultant' && (facts.kind === 'consult_due_soon' || facts.kind === 'consult_overdue') ? { id: facts.consult, area: facts.area } : undefined;
  const note = reader === 'managers' ? (holderAndCause(c, ctx) ?? undefined) : undefined;
  // Other words around the same alert (for a cover, for the lead) keep its link and buttons.
  const wrap = (words: string) => alertBlocks(words, c.reference, actions, ctx.links?.get(c.id) ?? null, ctx, { ...(consult ? { consult } : {}), ...(note ? { note } : {}) });
  return { text: note ? `${text}\n${note}` : text, linked, blocks: wrap(linked), wrap };
}

import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import type { CaseNotificationKind, ReminderFacts } from '../../domain/notification-policy.js';
import { ACTIONS, ELEMENTS } from '../ids.js';
import { button, plain, section } from './blocks.js';
import { LIMITS } from './limits.js';
import { caseRef, tools, type RenderContext } from './render-context.js';
import { areaText } from './board.js';
import { who } from './thread-line.js';

/** Actions an alert can ask for, by their button's catalogue key. */
export type AlertAction = 'claim' | 'assign' | 'documents' | 'payment' | 'infoReceived';

const ACTION_IDS: Record<AlertAction, string> = {
  claim: ACTIONS.claim,
  assign: ACTIONS.assign,
  documents: ACTIONS.documents,
  payment: ACTIONS.payment,
  infoReceived: ACTIONS.infoReceived,
};

/**
 * An alert: its sentence (the case named as a link to its card), the button for the action it asks
 * for, and "Open case" to the card. The click is checked on the server like any other.
 */
export function alertBlocks(text: string, reference: string, actions: readonly AlertAction[], permalink: string | null, ctx: RenderContext): KnownBlock[] {
  const { m } = tools(ctx);
  const elements: ActionsBlockElement[] = actions.map((a, i) => button(m.buttons[a], ACTION_IDS[a], reference, i === 0 ? 'primary' : undefined));
  if (permalink) elements.push(openCaseButton(permalink, reference, ctx));
  return [section(text), ...(elements.length > 0 ? [{ type: 'actions' as const, block_id: 'alert_actions', elements }] : [])];
}

/** A link button to the case's card. */
export function openCaseButton(permalink: string, reference: string, ctx: RenderContext): ActionsBlockElement {
  return { type: 'button', text: plain(tools(ctx).m.buttons.openCase, LIMITS.buttonText), action_id: ELEMENTS.openCase, url: permalink, value: reference };
}

/** The button each alert carries for the action it asks for (the card's link is added to every alert). */
const ALERT_ACTIONS: Record<CaseNotificationKind, AlertAction[]> = {
  unclaimed: ['claim', 'assign'],
  unclaimed_escalation: ['assign'],
  due_soon: [],
  due_imminent: [],
  breached: [],
  awaiting_info: ['infoReceived'],
  intake_stale: ['documents'],
  payment_pending: ['payment'],
  consult_due_soon: [],
  consult_overdue: [],
};

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
 * A reminder or escalation about a case: the notification text (push, screen readers) names the case
 * without mrkdwn; the blocks name it as a link to its card and carry the buttons.
 */
export function alertMessage(
  c: { id: number; reference: string },
  facts: ReminderFacts,
  ctx: RenderContext,
): { text: string; linked: string; blocks: KnownBlock[]; wrap: (words: string) => KnownBlock[] } {
  const text = reminderText(c.reference, facts, { ...ctx, links: new Map() });
  const linked = reminderText(caseRef(ctx, c), facts, ctx);
  // Other words around the same alert (for a cover, for the lead) keep its link and buttons.
  const wrap = (words: string) => alertBlocks(words, c.reference, ALERT_ACTIONS[facts.kind], ctx.links?.get(c.id) ?? null, ctx);
  return { text, linked, blocks: wrap(linked), wrap };
}

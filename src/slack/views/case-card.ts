import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import { offeredActions, type OfferedAction } from '../../domain/actions.js';
import type { BoardView } from '../../domain/board.js';
import { isOpen, transferToConfirm, type CaseState } from '../../domain/case.js';
import { transferFoundText } from './transfers.js';
import type { Actor } from '../../domain/permissions.js';
import type { Messages } from '../../i18n/messages.js';
import type { SlaStatus } from '../../domain/sla.js';
import { actionButton, actionOption } from '../actions/buttons.js';
import { isCaseButtonAction, type CaseButtonAction } from '../actions/registry.js';
import { ELEMENTS } from '../ids.js';
import { boardBlocks } from './board.js';
import { context, section, type AnyBlock } from './blocks.js';
import { personName, rejectionText, slaEmoji, slaHeadline, slaLine, slaText, statusText, tools, type RenderContext } from './render-context.js';

export interface CardCase {
  id?: number;
  reference: string;
  state: CaseState;
  sla: SlaStatus;
  /** The lead and consults (SPEC section 8); absent where only the case is at hand. */
  board?: BoardView;
}

/** The buttons of a card: one primary, a few others, and the rare or destructive ones in an overflow menu. */
export interface CardActions {
  primary: CaseButtonAction | null;
  others: CaseButtonAction[];
  overflow: CaseButtonAction[];
}

/** Buttons shown beside the primary one; further actions go into the overflow menu. */
const MAX_OTHER_BUTTONS = 3;

const isButton = (o: OfferedAction): o is OfferedAction & { action: CaseButtonAction } => isCaseButtonAction(o.action);

/** What the action table offers in this state (for this viewer, when given), laid out for a card. */
export function cardActions(state: CaseState, viewer?: Actor): CardActions {
  const offered = offeredActions(state, viewer).filter(isButton);
  const buttons = offered.filter((o) => !o.primary && o.placement === 'button').map((o) => o.action);
  // A row a person scans at a glance: the primary and at most three others; the rest join the menu.
  const visible = buttons.slice(0, MAX_OTHER_BUTTONS);
  return {
    primary: offered.find((o) => o.primary)?.action ?? null,
    others: visible,
    overflow: [...buttons.slice(MAX_OTHER_BUTTONS), ...offered.filter((o) => !o.primary && o.placement === 'overflow').map((o) => o.action)],
  };
}

/** The actions block of a card (or of an alert about it). */
export function actionsBlock(reference: string, actions: CardActions, m: Messages): KnownBlock {
  const elements: ActionsBlockElement[] = [];
  if (actions.primary) elements.push(actionButton(m, actions.primary, reference, 'primary'));
  for (const a of actions.others) elements.push(actionButton(m, a, reference));
  if (actions.overflow.length > 0) {
    elements.push({
      type: 'overflow',
      action_id: ELEMENTS.more,
      options: actions.overflow.map((a) => actionOption(m, a, reference)),
    });
  }
  return { type: 'actions', block_id: 'case_actions', elements };
}

/**
 * The case card: the SLA state first (colour cue, time left or overdue), the area and who holds it;
 * then what a coordinator needs next (missing documents, payment), only while the case is open.
 * Workflow facts only: never a name, a birth date, a contact or clinical free text.
 */
export function caseCard(c: CardCase, ctx: RenderContext, actions: CardActions = cardActions(c.state)): { text: string; blocks: AnyBlock[] } {
  const { m, area } = tools(ctx);
  const s = c.state;
  const holder = s.assignee ? personName(ctx, s.assignee) : m.card.nobody;
  const facts = [
    m.card.title(c.reference),
    statusText(s, m),
    m.language[s.language],
    m.applicant[s.applicantType],
    ...(s.imageReview ? [m.card.imageReview] : []),
  ];
  const blocks: KnownBlock[] = [
    // "🔴 SO-2026-0001 · breached by 4 working h · Dr Bianchi · Head and neck", then the due instant in words.
    section(`${slaEmoji(c.sla, s, ctx)} *${c.reference}* · ${slaHeadline(c.sla, s, ctx)} · ${holder} · *${area(s.pathologyArea)}*\n${slaText(c.sla, s, ctx)}`),
    context(facts.join(' · ')),
  ];
  if (isOpen(s.status)) {
    const required = s.checklist.filter((e) => e.required);
    const received = required.filter((e) => e.status.state === 'received').length;
    const outstanding = required
      .filter((e) => e.status.state !== 'received')
      .map((e) => (e.status.state === 'rejected' ? m.card.rejected(e.item, rejectionText(m, e.status.reason, e.item)) : m.items[e.item]));
    const found = transferToConfirm(s);
    const payment =
      s.payment.state === 'pending'
        ? [m.payment.pending(s.payment.expectedCents), ...(found ? [transferFoundText(m, found)] : [])].join(' · ')
        : s.payment.state === 'confirmed'
          ? m.payment.confirmed(s.payment.receivedCents ?? 0)
          : m.payment.mismatch_accepted(s.payment.receivedCents ?? 0, s.payment.expectedCents);
    const documents =
      outstanding.length === 0 ? m.card.complete : `*${m.card.documents(received, required.length)}* · ${m.card.missing}: ${outstanding.join(', ')}`;
    blocks.push(section(`${documents}\n${payment}`));
  }
  // A card shown without its buttons (a /so status reply) shows the consults' line without theirs too.
  const buttons = Boolean(actions.primary || actions.others.length > 0 || actions.overflow.length > 0);
  if (c.board) blocks.push(...boardBlocks(c.reference, c.board, ctx, isOpen(s.status) && buttons));
  if (buttons) blocks.push(actionsBlock(c.reference, actions, m));
  return { text: m.card.fallback(c.reference, `${statusText(s, m)} · ${plainSla(slaLine(c.sla, s, ctx))}`), blocks };
}

/** The notification text (shown in push notifications) has no emoji codes. */
function plainSla(line: string): string {
  return line.replace(/^:[a-z_]+: /, '');
}

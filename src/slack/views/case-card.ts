import type { KnownBlock } from '@slack/types';
import { offeredActions, type OfferedAction } from '../../domain/actions.js';
import type { BoardView } from '../../domain/board.js';
import { isOpen, type CaseState } from '../../domain/case.js';
import type { Messages } from '../../i18n/messages.js';
import type { SlaStatus } from '../../domain/sla.js';
import { BUTTON_IDS, type ButtonAction } from '../ids.js';
import { boardBlocks } from './board.js';
import { button, context, fields, header, section, type AnyBlock } from './blocks.js';
import { rejectionText, slaLine, statusText, tools, type RenderContext } from './render-context.js';

export interface CardCase {
  reference: string;
  state: CaseState;
  sla: SlaStatus;
  /** The lead and consults (SPEC section 8); absent where only the case is at hand. */
  board?: BoardView;
}

/** The catalogue label of each action's button. */
const BUTTON_TEXT = {
  record_documents: 'documents',
  confirm_payment: 'payment',
  claim: 'claim',
  assign: 'assign',
  release: 'release',
  request_info: 'requestInfo',
  info_received: 'infoReceived',
  deliver: 'deliver',
  cancel: 'cancel',
  view_details: 'details',
  request_consult: 'requestConsult',
} as const satisfies Record<ButtonAction, keyof Messages['buttons']>;

type ButtonSpec = { text: keyof Messages['buttons']; action: string; style?: 'primary' | 'danger' };

/** The buttons the action table offers in this state, primary first. The server still judges every click. */
export function cardButtons(state: CaseState): ButtonSpec[] {
  return offeredActions(state)
    .filter((o): o is OfferedAction & { action: ButtonAction } => o.action in BUTTON_IDS)
    .map((o) => ({
      text: BUTTON_TEXT[o.action],
      action: BUTTON_IDS[o.action],
      ...(o.primary ? { style: 'primary' as const } : o.destructive ? { style: 'danger' as const } : {}),
    }));
}

/**
 * The case card: workflow facts only (reference, area, language, applicant type, checklist,
 * payment, SLA, reviewer). Never a name, a birth date, a contact or clinical free text.
 */
export function caseCard(c: CardCase, ctx: RenderContext): { text: string; blocks: AnyBlock[] } {
  const { m } = tools(ctx);
  const s = c.state;
  const required = s.checklist.filter((e) => e.required);
  const received = required.filter((e) => e.status.state === 'received').length;
  const outstanding = s.checklist
    .filter((e) => e.required && e.status.state !== 'received')
    .map((e) => (e.status.state === 'rejected' ? m.card.rejected(m.items[e.item], rejectionText(m, e.status.reason)) : m.items[e.item]));
  const payment =
    s.payment.state === 'pending'
      ? m.payment.pending(s.payment.expectedCents)
      : s.payment.state === 'confirmed'
        ? m.payment.confirmed(s.payment.receivedCents ?? 0)
        : m.payment.mismatch_accepted(s.payment.receivedCents ?? 0, s.payment.expectedCents);

  const blocks: KnownBlock[] = [
    header(`${m.card.title(c.reference)} · ${statusText(s, m)}`),
    fields([
      `*${m.card.area}*\n${s.pathologyArea}`,
      `*${m.card.language}*\n${m.language[s.language]}`,
      `*${m.card.applicant}*\n${m.applicant[s.applicantType]}`,
      `*${m.card.imageReview}*\n${s.imageReview ? m.card.yes : m.card.no}`,
      `*${m.card.assignee}*\n${s.assignee ? `<@${s.assignee}>` : m.card.nobody}`,
      `*${m.card.status}*\n${statusText(s, m)}`,
    ]),
    section(
      [
        `*${m.card.documents(received, required.length)}*`,
        outstanding.length === 0
          ? m.card.complete
          : `${m.card.missing}: ${outstanding.join(', ')}`,
        payment,
      ].join('\n'),
    ),
    context(slaLine(c.sla, s, ctx)),
    ...(c.board ? boardBlocks(c.reference, c.board, ctx, isOpen(s.status)) : []),
  ];
  const buttons = cardButtons(s).map((b) => button(m.buttons[b.text], b.action, c.reference, b.style));
  blocks.push({ type: 'actions', block_id: 'case_actions', elements: buttons });
  return { text: m.card.fallback(c.reference, statusText(s, m)), blocks };
}

import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import type { BoardConsultView, BoardView } from '../../domain/board.js';
import type { ConsultEventData } from '../../domain/events.js';
import { actionButton, actionOption } from '../actions/buttons.js';
import { consultButtonValue, ELEMENTS } from '../ids.js';
import { context } from './blocks.js';
import { areaText, personName, tools, type RenderContext } from './render-context.js';



/** How many consults get buttons on the card; the board line still names them all. */
const CONSULTS_WITH_BUTTONS = 4;

function consultPart(c: BoardConsultView, ctx: RenderContext): string {
  const { m, at } = tools(ctx);
  const b = m.board.card;
  const area = areaText(ctx, c.area);
  const due = c.dueAtMs === null ? '' : at(c.dueAtMs);
  const part =
    c.state === 'answered'
      ? b.answered(area)
      : c.state === 'withdrawn'
        ? b.withdrawn(area)
        : c.state === 'open'
          ? b.open(area, due)
          : b.claimed(area, personName(ctx, c.assignee ?? ''), due);
  return c.late ? b.late(part) : part;
}

/** "Board: lead @x · Radiology ✓ · Radiotherapy open, due …", or nothing for a case with no board yet. */
export function boardLine(board: BoardView, ctx: RenderContext): string | null {
  if (board.consults.length === 0) return null;
  const b = tools(ctx).m.board.card;
  return b.line(board.lead ? personName(ctx, board.lead) : null, board.consults.map((c) => consultPart(c, ctx)));
}

/** The card's board: its line, and the buttons of the consults still waiting for an answer. */
export function boardBlocks(reference: string, board: BoardView, ctx: RenderContext, open: boolean): KnownBlock[] {
  const line = boardLine(board, ctx);
  if (!line) return [];
  const { m } = tools(ctx);
  const blocks: KnownBlock[] = [context(line)];
  if (!open) return blocks;
  const pending = board.consults.filter((c) => c.state === 'open' || c.state === 'claimed').slice(0, CONSULTS_WITH_BUTTONS);
  for (const c of pending) {
    const area = areaText(ctx, c.area);
    const value = consultButtonValue(reference, c.id);
    // The card has one primary button (the case's): a consult's buttons say their action plainly, and
    // Withdraw, rare and destructive, sits in the consult's overflow menu (its modal asks for a reason).
    const elements: ActionsBlockElement[] =
      c.state === 'open'
        ? [actionButton(m, 'claim_consult', value, undefined, area), actionButton(m, 'assign_consult', value, undefined, area)]
        : [actionButton(m, 'answer_consult', value, undefined, area), actionButton(m, 'assign_consult', value, undefined, area)];
    elements.push({ type: 'overflow', action_id: ELEMENTS.consultMore, options: [actionOption(m, 'withdraw_consult', value, area)] });
    blocks.push({ type: 'actions', block_id: `consult_actions_${c.id}`, elements });
  }
  return blocks;
}

/** The thread line of a consult event: who did what to which area's consult. Never the question. */
export function consultThreadLine(
  event: { data: ConsultEventData },
  by: string,
  board: BoardView | undefined,
  ctx: RenderContext,
): string {
  const { m, at } = tools(ctx);
  const t = m.board.thread;
  const d = event.data;
  const consult = board?.consults.find((c) => c.id === d.consult);
  const area = areaText(ctx, consult?.area ?? (d.type === 'consult_requested' ? d.area : ''));
  const due = consult?.dueAtMs ? at(consult.dueAtMs) : '';
  switch (d.type) {
    case 'consult_requested':
      return d.imageReview ? t.imageReview(area, due) : t.requested(by, area, due);
    case 'consult_claimed':
      return t.claimed(by, area);
    case 'consult_assigned':
      return t.assigned(by, area, `<@${d.consultant}>`);
    case 'consult_answered':
      return t.answered(by, area);
    case 'consult_withdrawn':
      return t.withdrawn(by, area);
  }
}

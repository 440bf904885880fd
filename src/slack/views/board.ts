import type { ActionsBlockElement, KnownBlock, ModalView } from '@slack/types';
import type { BoardConsultView, BoardView } from '../../domain/board.js';
import type { ConsultEventData } from '../../domain/events.js';
import type { DoctorLoad } from '../../services/case-queries.js';
import { BLOCKS, CALLBACKS, CONSULT_BUTTON_IDS, ELEMENTS, overflowValue } from '../ids.js';
import { button, context, option, section } from './blocks.js';
import { dateTime, input, modal, select, text } from './modals.js';
import { personName, tools, type RenderContext } from './render-context.js';

/** A consult's area by its label in the reader's language. */
export function areaText(ctx: RenderContext, area: string): string {
  return tools(ctx).consultArea(area);
}

/** What a consult button carries: the case and the consult number. */
export const consultButtonValue = (reference: string, consult: number) => `${reference}#${consult}`;

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
  return b.line(board.lead ? personName(ctx, board.lead) : b.noLead, board.consults.map((c) => consultPart(c, ctx)));
}

/** The card's board: its line, and the buttons of the consults still waiting for an answer. */
export function boardBlocks(reference: string, board: BoardView, ctx: RenderContext, open: boolean): KnownBlock[] {
  const line = boardLine(board, ctx);
  if (!line) return [];
  const b = tools(ctx).m.board.card;
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
        ? [button(b.claim(area), CONSULT_BUTTON_IDS.claim_consult, value), button(b.assign(area), CONSULT_BUTTON_IDS.assign_consult, value)]
        : [button(b.answer(area), CONSULT_BUTTON_IDS.answer_consult, value), button(b.assign(area), CONSULT_BUTTON_IDS.assign_consult, value)];
    elements.push({ type: 'overflow', action_id: ELEMENTS.consultMore, options: [option(b.withdraw(area), overflowValue(CONSULT_BUTTON_IDS.withdraw_consult, value))] });
    blocks.push({ type: 'actions', block_id: `consult_actions_${c.id}`, elements });
  }
  return blocks;
}

export function requestConsultModal(
  ctx: RenderContext,
  reference: string,
  areas: readonly string[],
  defaultDueAtMs: number,
  caseDueAtMs: number,
): ModalView {
  const { m, at } = tools(ctx);
  const f = m.board.modals.request;
  return modal(
    CALLBACKS.requestConsult,
    f.title,
    [
      section(f.forCase(reference)),
      input(BLOCKS.consultArea, f.area, select(areas.map((a) => option(areaText(ctx, a), a)), undefined, m.guide.choose)),
      input(BLOCKS.question, f.question, text({ multiline: true, max: 500, example: m.guide.consultQuestion }), false, f.questionHint),
      input(BLOCKS.consultDueAt, f.dueAt, dateTime(defaultDueAtMs), false, f.dueAtHint(at(caseDueAtMs))),
    ],
    ctx,
    { reference },
  );
}

export function assignConsultModal(
  ctx: RenderContext,
  reference: string,
  consult: { id: number; area: string },
  doctors: readonly (DoctorLoad & { away: boolean })[],
): ModalView {
  const f = tools(ctx).m.board.modals.assign;
  const area = areaText(ctx, consult.area);
  const metadata = { reference, consult: consult.id };
  if (doctors.length === 0) return modal(CALLBACKS.assignConsult, f.title, [section(f.none(area))], ctx, metadata, null);
  const first = doctors.find((d) => !d.away);
  return modal(
    CALLBACKS.assignConsult,
    f.title,
    [
      section(f.forCase(area, reference)),
      input(BLOCKS.doctor, f.doctor, select(doctors.map((d, i) => option(f.option(d.name ?? tools(ctx).m.modals.assign.unnamed(i + 1), d.openCases, d.away), d.userId)), first?.userId, tools(ctx).m.guide.choose)),
    ],
    ctx,
    metadata,
  );
}

export function answerConsultModal(ctx: RenderContext, reference: string, consult: { id: number; area: string }, question: string | null = null): ModalView {
  const { m } = tools(ctx);
  const f = m.board.modals.answer;
  // The question, privately, to the consultant answering it (never posted in a channel).
  const asked = question ? [section(`*${m.reach.consultQuestion}*\n>${question.slice(0, 2800).replace(/\n/g, '\n>')}`)] : [];
  return modal(CALLBACKS.answerConsult, f.title, [section(f.confirm(areaText(ctx, consult.area), reference)), ...asked], ctx, { reference, consult: consult.id }, f.submit);
}

export function withdrawConsultModal(ctx: RenderContext, reference: string, consult: { id: number; area: string }): ModalView {
  const { m } = tools(ctx);
  const f = m.board.modals.withdraw;
  return modal(
    CALLBACKS.withdrawConsult,
    f.title,
    [section(f.forCase(areaText(ctx, consult.area), reference)), input(BLOCKS.reason, f.reason, text({ multiline: true, max: 500, example: m.guide.withdrawReason }))],
    ctx,
    { reference, consult: consult.id },
    f.submit,
  );
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

import type { KnownBlock, ModalView } from '@slack/types';
import type { AbsentHolder, ConsultPage } from '../../services/board-queries.js';
import type { DoctorLoad } from '../../services/case-queries.js';
import { actionButton } from '../actions/buttons.js';
import { BLOCKS, CALLBACKS, consultButtonValue, HOME_ACTIONS } from '../ids.js';
import { button, context, option, plain, quote, section } from './blocks.js';
import { clip, LIMITS } from './limits.js';
import { datePicker, input, modal, select } from './modals.js';
import { absenceBounds, areaText, caseRef, tools, type RenderContext } from './render-context.js';

/** What App Home shows of the board and of absences, by role (absent parts are not shown). */
export interface BoardHomeData {
  /** The viewer's own absence, running or ahead. */
  away: { fromMs: number; toMs: number } | null;
  canRecordAbsence: boolean;
  openInAreas: ConsultPage | null;
  myConsults: ConsultPage | null;
  absentHolders: AbsentHolder[] | null;
}

/** How many absent doctors get their own line and Reassign button; the rest are counted. */
const ABSENT_LISTED = 20;

/** How many consults of a list are shown, each with its button; the rest are counted. */
const CONSULTS_SHOWN = 5;

/**
 * A list of consults, one section each: the case as a link to its card, the area, where it stands and
 * its deadline, with the viewer's next step on it (Claim for one still open in their area, Record the
 * answer for one they hold). The consultant's own consults show the question, here only: App Home is
 * seen by one person alone, and the question is never posted in a channel or a DM.
 */
function consultList(title: string, page: ConsultPage, next: 'claim_consult' | 'answer_consult', ctx: RenderContext): KnownBlock[] {
  const { m, at } = tools(ctx);
  const blocks: KnownBlock[] = [section(`*${title}* (${page.total})`)];
  if (page.items.length === 0) return [...blocks, context(m.board.home.none)];
  for (const c of page.items.slice(0, CONSULTS_SHOWN)) {
    const area = areaText(ctx, c.area);
    const line = m.board.home.consultLine(caseRef(ctx, { id: c.caseId, reference: c.reference }), area, m.board.consultState[c.state], c.dueAtMs === null ? '' : at(c.dueAtMs));
    const asked = c.question
      ? `\n*${m.reach.consultQuestion}*\n${quote(c.question, 600)}`
      : c.imageReview
        ? `\n*${m.reach.consultQuestion}*\n>${m.reach.imageReviewQuestion}`
        : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`${line}${asked}`, LIMITS.sectionText) },
      accessory: actionButton(m, next, consultButtonValue(c.reference, c.consult), undefined, area),
    });
  }
  const hidden = page.total - Math.min(page.items.length, CONSULTS_SHOWN);
  if (hidden > 0) blocks.push(context(m.more(hidden)));
  return blocks;
}

export function boardHomeBlocks(data: BoardHomeData, ctx: RenderContext): KnownBlock[] {
  const { m } = tools(ctx);
  const h = m.board.home;
  const blocks: KnownBlock[] = [];
  if (data.openInAreas) blocks.push(...consultList(h.myAreas, data.openInAreas, 'claim_consult', ctx));
  if (data.myConsults) blocks.push(...consultList(h.myConsults, data.myConsults, 'answer_consult', ctx));
  if (data.canRecordAbsence) {
    if (data.away) {
      const { from, to } = absenceBounds(data.away.fromMs, data.away.toMs, ctx);
      blocks.push(section(h.away(from, to)));
    }
    blocks.push({
      type: 'actions',
      block_id: 'absence_actions',
      elements: [
        button(h.recordAbsence, HOME_ACTIONS.recordAbsence, 'self'),
        // The same action either way (see `decideBack`): its words say what it will do.
        ...(data.away ? [button(data.away.fromMs > ctx.nowMs ? h.cancelAbsence : h.back, HOME_ACTIONS.back, 'self')] : []),
      ],
    });
  }
  if (data.absentHolders && data.absentHolders.length > 0) {
    blocks.push(section(`*${h.absentHolders}*`));
    for (const a of data.absentHolders.slice(0, ABSENT_LISTED)) {
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: h.absentLine(`<@${a.userId}>`, absenceBounds(a.untilMs, a.untilMs, ctx).to, a.openCases, a.cover ? `<@${a.cover}>` : null) },
        accessory: button(h.reassignAll, HOME_ACTIONS.reassignAll, a.userId),
      });
    }
    if (data.absentHolders.length > ABSENT_LISTED) blocks.push(section(m.more(data.absentHolders.length - ABSENT_LISTED)));
  }
  return blocks;
}

/** "Reassign all": every open case of an absent doctor to one colleague (present doctors only). */
export function reassignAllModal(ctx: RenderContext, absent: string, cases: number, doctors: readonly DoctorLoad[]): ModalView {
  const { m } = tools(ctx);
  const f = m.board.reassign;
  const options = doctors.map((d, i) => option(m.modals.assign.option(d.name ?? m.modals.assign.unnamed(i + 1), d.openCases, false), d.userId));
  return modal(
    CALLBACKS.reassignAll,
    f.title,
    [section(f.intro(`<@${absent}>`, cases)), input(BLOCKS.doctor, f.doctor, select(options, doctors[0]?.userId, m.guide.choose))],
    ctx,
    { reference: '', absent },
    f.submit,
  );
}

/** Record an absence from App Home: oneself by default; a coordinator may pick a colleague. */
export function absenceModal(ctx: RenderContext, userId: string, todayIso: string): ModalView {
  const { m } = tools(ctx);
  const f = m.board.absenceModal;
  const user = (initial?: string) => ({ type: 'users_select', ...(initial ? { initial_user: initial } : { placeholder: plain(m.guide.cover, LIMITS.placeholder) }) });
  return modal(
    CALLBACKS.recordAbsence,
    f.title,
    [
      input(BLOCKS.absentUser, f.who, user(userId)),
      input(BLOCKS.absenceFrom, f.from, datePicker(m.guide.date, todayIso)),
      input(BLOCKS.absenceTo, f.to, datePicker(m.guide.date, todayIso)),
      input(BLOCKS.cover, f.cover, user(), true, f.coverHint),
    ],
    ctx,
    null,
  );
}

import type { KnownBlock, ModalView } from '@slack/types';
import type { AbsentHolder, ConsultLine, ConsultPage } from '../../services/board-queries.js';
import type { DoctorLoad } from '../../services/case-queries.js';
import { BLOCKS, CALLBACKS, HOME_ACTIONS } from '../ids.js';
import { areaText } from './render-context.js';
import { button, option, plain, section } from './blocks.js';
import { joinLines, LIMITS } from './limits.js';
import { datePicker, input, modal, select } from './modals.js';
import { absenceBounds, tools, type RenderContext } from './render-context.js';

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

function consultLines(page: ConsultPage, ctx: RenderContext): string {
  const { m, at } = tools(ctx);
  if (page.total === 0) return m.board.home.none;
  const line = (c: ConsultLine) =>
    m.board.home.consultLine(c.reference, areaText(ctx, c.area), m.board.consultState[c.state], c.dueAtMs === null ? '' : at(c.dueAtMs));
  return joinLines(page.items.map(line), LIMITS.sectionText - 100, m.more, page.total - page.items.length);
}

export function boardHomeBlocks(data: BoardHomeData, ctx: RenderContext): KnownBlock[] {
  const { m } = tools(ctx);
  const h = m.board.home;
  const blocks: KnownBlock[] = [];
  if (data.openInAreas) blocks.push(section(`*${h.myAreas}* (${data.openInAreas.total})\n${consultLines(data.openInAreas, ctx)}`));
  if (data.myConsults) blocks.push(section(`*${h.myConsults}* (${data.myConsults.total})\n${consultLines(data.myConsults, ctx)}`));
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
        ...(data.away ? [button(h.back, HOME_ACTIONS.back, 'self')] : []),
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

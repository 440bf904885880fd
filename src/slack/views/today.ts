import { formatDate } from '../../i18n/format.js';
import type { TodayList, TodayQueue } from '../../services/today.js';
import { context, header, section, type AnyBlock } from './blocks.js';
import { caseRef, tools, type RenderContext } from './render-context.js';

/** Every case the Today message names, to look up the permalinks of their cards. */
export function todayCaseIds(q: TodayQueue): number[] {
  return [q.breached, q.dueSoon, q.waitingReviewer, q.waitingApplicant].flatMap((l) => l.cases.map((c) => c.id));
}

/**
 * The pinned Today message of the triage channel: the live queue as counts and the first references
 * (links to their cards), and when it was last brought up to date. References only: no patient data,
 * and no buttons (each card carries its own).
 */
export function todayMessage(q: TodayQueue, ctx: RenderContext): { text: string; blocks: AnyBlock[] } {
  const { m, at } = tools(ctx);
  const t = m.myWork.today;
  const line = (heading: string, emoji: string, l: TodayList) => {
    const refs = l.cases.map((c) => caseRef(ctx, c)).join(', ');
    const hidden = l.total - l.cases.length;
    return `${emoji} ${t.line(heading, l.total, hidden > 0 ? `${refs} ${t.more(hidden)}` : refs)}`;
  };
  const blocks: AnyBlock[] = [
    header(t.title(formatDate(q.isoDate, ctx.locale))),
    section(
      [
        line(t.breached, ':red_circle:', q.breached),
        line(t.dueSoon, ':large_orange_circle:', q.dueSoon),
        line(t.waitingReviewer, ':hourglass:', q.waitingReviewer),
        line(t.waitingApplicant, ':double_vertical_bar:', q.waitingApplicant),
      ].join('\n'),
    ),
    context(t.updated(at(q.atMs))),
  ];
  return { text: t.fallback(q.breached.total, q.dueSoon.total, q.waitingReviewer.total, q.waitingApplicant.total), blocks };
}

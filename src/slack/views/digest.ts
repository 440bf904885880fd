import type { Digest } from '../../services/digest.js';
import { formatDate } from '../../i18n/format.js';
import { OPEN_STATUSES } from '../../domain/case.js';
import { context, divider, header, section, type AnyBlock } from './blocks.js';
import { caseLines } from './case-lines.js';
import { joinLines, LIMITS } from './limits.js';
import { personName, tools, type RenderContext } from './render-context.js';

/** Every case the digest names, to look up the permalinks of their cards. */
export function digestCaseIds(d: Digest): number[] {
  return [d.breached, d.dueSoon, d.unassigned, d.pausedLongest].flatMap((p) => p.items.map((v) => v.id));
}

/** Counts first, then the lists, each cut with "… and N more", within one message's limits. */
export function digestMessage(d: Digest, ctx: RenderContext): { text: string; blocks: AnyBlock[] } {
  const { m, at } = tools(ctx);
  const g = m.digest;
  // Six lists share the ~12k characters Slack accepts for one message.
  const perList = Math.floor((LIMITS.messageChars - 1500) / 6);
  const counts = OPEN_STATUSES.map((s) => `*${m.status[s]}* ${d.counts[s]}`).join(' · ');
  const rate = d.last30Days.onTimeRate === null ? g.notAvailable : m.percent(d.last30Days.onTimeRate);
  const median = d.last30Days.medianTurnaroundWorkingDays === null ? g.notAvailable : g.workingDays(d.last30Days.medianTurnaroundWorkingDays);
  const doctors = d.openPerDoctor.length === 0 ? g.none : joinLines(d.openPerDoctor.map((x) => `${personName(ctx, x.userId)}: ${x.open}`), perList, m.more);
  const blocks: AnyBlock[] = [
    header(g.title(formatDate(d.isoDate, ctx.locale))),
    section(
      [
        counts,
        ...(d.paymentPending > 0 ? [g.paymentPending(d.paymentPending)] : []),
        ...(d.consults ? [m.board.digest.consults(d.consults.open, d.consults.late)] : []),
      ].join('\n'),
    ),
    context(`${g.since(at(d.since.fromMs), d.since.created, d.since.delivered)} ${g.last30(d.last30Days.delivered, rate, median)}`),
    divider(),
    // Sections with nothing in them are left out (SPEC section 5, "Less noise").
    ...(d.breached.total > 0 ? [section(`*${g.breached}* (${d.breached.total})\n${caseLines(d.breached.items, ctx, perList, { total: d.breached.total })}`)] : []),
    ...(d.dueSoon.total > 0 ? [section(`*${g.dueSoon}* (${d.dueSoon.total})\n${caseLines(d.dueSoon.items, ctx, perList, { total: d.dueSoon.total })}`)] : []),
    ...(d.unassigned.total > 0 ? [section(`*${g.unassigned}* (${d.unassigned.total})\n${caseLines(d.unassigned.items, ctx, perList, { total: d.unassigned.total })}`)] : []),
    ...(d.pausedLongest.total > 0
      ? [
          section(
            `*${g.pausedLongest}* (${d.pausedLongest.total})\n${caseLines(d.pausedLongest.items, ctx, perList, {
              total: d.pausedLongest.total,
              suffix: (v) => ` · ${g.pausedSince(at(v.state.pauses.at(-1)?.fromMs ?? d.generatedAtMs))}`,
            })}`,
          ),
        ]
      : []),
    ...(d.openPerDoctor.length > 0 ? [section(`*${g.perDoctor}*\n${doctors}`)] : []),
  ];
  return { text: g.fallback(d.breached.total, d.dueSoon.total), blocks };
}

import type { Digest } from '../../services/digest.js';
import { formatDate } from '../../i18n/format.js';
import { OPEN_STATUSES } from '../../domain/case.js';
import { context, divider, header, section, type AnyBlock } from './blocks.js';
import { caseLines } from './case-lines.js';
import { joinLines, LIMITS } from './limits.js';
import { tools, type RenderContext } from './render-context.js';

/** Counts first, then the lists, each cut with "… and N more", within one message's limits. */
export function digestMessage(d: Digest, ctx: RenderContext): { text: string; blocks: AnyBlock[] } {
  const { m, at } = tools(ctx);
  const g = m.digest;
  // Six lists share the ~12k characters Slack accepts for one message.
  const perList = Math.floor((LIMITS.messageChars - 1500) / 6);
  const pausedSince = new Map(d.pausedLongest.map((p) => [p.view.reference, p.pausedSinceMs]));
  const counts = OPEN_STATUSES.map((s) => `*${m.status[s]}* ${d.counts[s]}`).join(' · ');
  const rate = d.last30Days.onTimeRate === null ? g.notAvailable : `${Math.round(d.last30Days.onTimeRate * 100)}%`;
  const median = d.last30Days.medianTurnaroundWorkingDays === null ? g.notAvailable : g.workingDays(d.last30Days.medianTurnaroundWorkingDays);
  const doctors = d.openPerDoctor.length === 0 ? g.none : joinLines(d.openPerDoctor.map((x) => `<@${x.userId}>: ${x.open}`), perList, m.more);
  const blocks: AnyBlock[] = [
    header(g.title(formatDate(d.isoDate, ctx.locale))),
    section(counts),
    context(`${g.yesterday(formatDate(d.yesterday.isoDate, ctx.locale), d.yesterday.created, d.yesterday.delivered)} ${g.last30(d.last30Days.delivered, rate, median)}`),
    divider(),
    section(`*${g.breached}* (${d.breached.length})\n${caseLines(d.breached, ctx, perList)}`),
    section(`*${g.dueSoon}* (${d.dueSoon.length})\n${caseLines(d.dueSoon, ctx, perList)}`),
    section(`*${g.unassigned}* (${d.unassigned.length})\n${caseLines(d.unassigned, ctx, perList)}`),
    section(
      `*${g.pausedLongest}* (${d.pausedLongest.length})\n${caseLines(
        d.pausedLongest.map((p) => p.view),
        ctx,
        perList,
        (v) => ` · ${g.pausedSince(at(pausedSince.get(v.reference) ?? d.generatedAtMs))}`,
      )}`,
    ),
    section(`*${g.perDoctor}*\n${doctors}`),
  ];
  return { text: g.fallback(d.breached.length, d.dueSoon.length), blocks };
}

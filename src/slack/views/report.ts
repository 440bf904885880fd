import { reportWords } from '../../export/sla-report-text.js';
import { formatDate, pathologyAreaLabel } from '../../i18n/format.js';
import type { SlaReport } from '../../services/reports.js';
import { context, divider, header, section, type AnyBlock } from './blocks.js';
import { joinLines, LIMITS } from './limits.js';
import { tools, type RenderContext } from './render-context.js';

/** The summary a manager reads in Slack; the full figures are in the CSV shared with it. */
export function reportMessage(report: SlaReport, ctx: RenderContext, filesNote: string): { text: string; blocks: AnyBlock[] } {
  const { m } = tools(ctx);
  const w = reportWords(ctx.locale);
  const areas = report.byArea.filter((a) => a.delivered > 0 || a.openNow > 0).map((a) => `• ${w.line(pathologyAreaLabel(a.area, ctx.locale), a)}`);
  const doctors = report.byDoctor.map((d) => `• ${w.line(`<@${d.userId}>`, d)}`);
  const list = (lines: string[]) => (lines.length === 0 ? w.r.none : joinLines(lines, LIMITS.sectionText - 100, m.more));
  return {
    text: w.r.fallback(formatDate(report.period.fromDate, ctx.locale), formatDate(report.period.toDate, ctx.locale), report.total.delivered, w.rate(report.total)),
    blocks: [
      header(w.title(report)),
      section(w.summary(report.total).join('\n')),
      divider(),
      section(`*${w.r.byArea}*\n${list(areas)}`),
      section(`*${w.r.byDoctor}*\n${list(doctors)}`),
      context(filesNote),
    ],
  };
}

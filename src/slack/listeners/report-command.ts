import { renderSlaTrendChart, chartFile } from '../../charts/sla-trend.js';
import { parseReportPeriod, periodBounds } from '../../domain/report-period.js';
import { slaReportCsv, spreadsheetCsv } from '../../export/sla-report.js';
import { formatDate } from '../../i18n/format.js';
import { messages } from '../../i18n/messages.js';
import { renderContext, type SlackDeps } from '../deps.js';
import type { AnyBlock } from '../views/blocks.js';
import { reportMessage } from '../views/report.js';

/**
 * `/so report [YYYY-MM | from to]` (managers and admins, checked by the caller): the summary answers
 * privately at once; the CSV and the 12-week chart are shared as files through the outbox, in the
 * managers' channel when asked there, otherwise by DM to the person who asked (a report names
 * doctors, so it is not posted in whatever channel the command was typed in). Drawing the chart
 * takes the CPU for a while, so it is done after the acknowledgement (`afterAck`), in the queue of
 * chart renders, a few at a time: a burst of reports never delays the acknowledgements.
 */
export async function reportCommand(
  deps: SlackDeps,
  command: { user_id: string; channel_id: string },
  args: readonly string[],
): Promise<{ text: string; blocks?: AnyBlock[]; afterAck?: () => void }> {
  const ctx = renderContext(deps);
  const r = messages(deps.locale).report;
  if (args.length > 2) return { text: r.usage };
  const parsed = parseReportPeriod({ from: args[0], to: args[1] }, deps.reports.todayIso());
  if (!parsed.ok) return { text: `${r.periodProblems[parsed.problem]} ${r.usage}` };
  const report = await deps.reports.sla(parsed.period);
  const chartUntil = Math.min(periodBounds(deps.calendar, parsed.period).toMs, ctx.nowMs);
  const inManagers = command.channel_id === deps.managersChannel;
  const shareFiles = async () => {
    const trend = await deps.reports.weeklyTrend(chartUntil);
    const chart = await renderSlaTrendChart(trend, deps.locale);
    // Dates as the reader writes them in the words; the file name keeps the sortable ISO form.
    const comment = r.csvComment(formatDate(report.period.fromDate, deps.locale), formatDate(report.period.toDate, deps.locale));
    await deps.shareFiles(inManagers ? { channel: deps.managersChannel } : { user: command.user_id }, comment, [
      {
        filename: r.csvFilename(report.period.fromDate, report.period.toDate),
        title: comment,
        contentBase64: Buffer.from(slaReportCsv(report, deps.locale, spreadsheetCsv(deps.locale)), 'utf8').toString('base64'),
      },
      chartFile(chart),
    ]);
  };
  const message = reportMessage(report, ctx, inManagers ? r.files : r.filesDm);
  return { text: message.text, blocks: message.blocks, afterAck: () => deps.chartRenders.push('sla report', shareFiles) };
}

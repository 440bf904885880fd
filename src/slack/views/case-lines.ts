import type { CaseView } from '../../services/cases.js';
import { joinLines, LIMITS } from './limits.js';
import { caseRef, personName, slaLine, statusText, tools, type RenderContext } from './render-context.js';

/** One case on one line: link to its card, area, status, SLA with its colour cue, and who holds it. */
export function caseLine(v: CaseView, ctx: RenderContext, suffix = ''): string {
  const { m, area } = tools(ctx);
  const holder = v.state.assignee ? m.home.holder(personName(ctx, v.state.assignee)) : m.home.unassigned;
  return `${m.home.caseLine(caseRef(ctx, v), area(v.state.pathologyArea), statusText(v.state, m), slaLine(v.sla, v.state, ctx))} · ${holder}${suffix}`;
}

/**
 * Case lines for one section of text, cut with "… and N more" to stay within Block Kit limits.
 * `total` counts cases beyond those given (a list read with a limit).
 */
export function caseLines(
  views: readonly CaseView[],
  ctx: RenderContext,
  max: number = LIMITS.sectionText,
  options: { suffix?: (v: CaseView) => string; total?: number } = {},
): string {
  const { m } = tools(ctx);
  if (views.length === 0) return m.digest.none;
  const hidden = Math.max(0, (options.total ?? views.length) - views.length);
  return joinLines(views.map((v) => caseLine(v, ctx, options.suffix?.(v))), max, m.more, hidden);
}

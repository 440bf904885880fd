import { DateTime } from 'luxon';
import { areaLabel, formatDate, formatInstant, formatWorkingDuration, refusalMessage } from '../../i18n/format.js';
import { specialistAreaLabel, type AreaLabels } from '../../i18n/area-labels.js';
import type { RefusalReason } from '../../domain/refusal.js';
import { messages, type Messages } from '../../i18n/messages.js';
import { bcp47, type Locale } from '../../i18n/locale.js';
import { paymentPendingBesideReview, type CaseState } from '../../domain/case.js';
import { isRejectionReason, type ChecklistItemId } from '../../domain/checklist.js';
import type { SlaStatus } from '../../domain/sla.js';

/** What every builder needs to word and date things for the reader. */
export interface RenderContext {
  locale: Locale;
  zone: string;
  workingDayMs: number;
  nowMs: number;
  /** Labels of the specialist areas configuration added (SPECIALIST_AREAS). */
  areaLabels: AreaLabels;
  /** Permalinks of case cards by case id: every line naming a case links to its card when it is known. */
  links?: ReadonlyMap<number, string>;
  /** Staff display names by Slack user id: cards and lines name people without mentioning (pinging) them. */
  names?: ReadonlyMap<string, string>;
  /** When the card turns "due soon" and "due very soon" (the notification thresholds, in working ms). */
  urgency?: Urgency;
}

/** The thresholds of the due-soon and imminent reminders, which the card's colour follows. */
export interface Urgency {
  dueSoonMs: number;
  imminentMs: number;
}

/** A person as lines and cards name them: their display name, or a mention when none is known; the web form by its words. */
export function personName(ctx: RenderContext, userId: string): string {
  if (userId.startsWith('api:')) return messages(ctx.locale).thread.integration;
  return ctx.names?.get(userId) ?? `<@${userId}>`;
}

export function withNames(ctx: RenderContext, names: ReadonlyMap<string, string>): RenderContext {
  return { ...ctx, names };
}

export function tools(ctx: RenderContext): {
  m: Messages;
  at: (ms: number) => string;
  dur: (ms: number) => string;
  date: (isoDate: string) => string;
  area: (id: string) => string;
  /** A consult's specialist area, as the board names it. */
  consultArea: (id: string) => string;
  refusal: (reason: RefusalReason) => string;
} {
  const m = messages(ctx.locale);
  return {
    m,
    at: (ms) => formatInstant(ms, ctx.locale, ctx.zone),
    dur: (ms) => formatWorkingDuration(ms, ctx.workingDayMs, ctx.locale),
    date: (isoDate) => formatCalendarDate(isoDate, ctx.locale),
    area: (id) => areaLabel(id, ctx.locale, ctx.areaLabels),
    consultArea: (id) => specialistAreaLabel(ctx.locale, id, m.board.areas, ctx.areaLabels),
    refusal: (reason) => refusalMessage(reason, ctx.locale, ctx.areaLabels),
  };
}

/** The status as people read it: "In review · payment pending" while a case past intake waits for its payment. */
export function statusText(state: Pick<CaseState, 'status' | 'payment'>, m: Messages): string {
  const status = m.status[state.status];
  return paymentPendingBesideReview(state) ? m.statusPaymentPending(status) : status;
}

export function withLinks(ctx: RenderContext, links: ReadonlyMap<number, string>): RenderContext {
  return { ...ctx, links };
}

/** A calendar date (birth date, value date) in the locale's format; anything unparsable as it is. */
export function formatCalendarDate(isoDate: string, locale: Locale): string {
  const d = DateTime.fromISO(isoDate, { locale: bcp47(locale) });
  return d.isValid ? d.toFormat(messages(locale).dateFormat) : isoDate;
}

/**
 * The bounds of an absence as people said them. Whole days (`/so away 2026-12-14 2026-12-18` is stored
 * up to the midnight after the 18th) read as the first and the last day, both included: "Mon 14 Dec
 * 2026" to "Fri 18 Dec 2026", never "until Sat 19 Dec 2026 00:00". Other instants as they are.
 */
export function absenceBounds(fromMs: number, toMs: number, ctx: RenderContext): { from: string; to: string } {
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: ctx.zone });
  const midnight = (ms: number) => day(ms).startOf('day').toMillis() === ms;
  if (!midnight(toMs)) return { from: formatInstant(fromMs, ctx.locale, ctx.zone), to: formatInstant(toMs, ctx.locale, ctx.zone) };
  const lastDay = day(toMs).minus({ days: 1 }).toISODate()!;
  const from = midnight(fromMs) ? formatDate(day(fromMs).toISODate()!, ctx.locale) : formatInstant(fromMs, ctx.locale, ctx.zone);
  return { from, to: formatDate(lastDay, ctx.locale) };
}

/** A case's reference as a link to its card (Slack mrkdwn), bold; plain bold while the card has no permalink yet. */
export function caseRef(ctx: RenderContext, c: { id: number; reference: string }): string {
  const link = ctx.links?.get(c.id);
  return link ? `*<${link}|${c.reference}>*` : `*${c.reference}*`;
}

/** How urgent a case is, for the colour cue that opens every line about it. */
export type SlaTone = 'not_started' | 'running' | 'due_soon' | 'imminent' | 'breached' | 'paused' | 'met' | 'late' | 'cancelled';

const TONE_EMOJI: Record<SlaTone, string> = {
  not_started: ':white_circle:',
  running: ':large_green_circle:',
  due_soon: ':large_orange_circle:',
  imminent: ':large_orange_circle:',
  breached: ':red_circle:',
  paused: ':double_vertical_bar:',
  met: ':white_check_mark:',
  late: ':x:',
  cancelled: ':heavy_minus_sign:',
};

export function slaTone(sla: SlaStatus, state: Pick<CaseState, 'status'>, ctx: RenderContext): SlaTone {
  if (state.status === 'cancelled') return 'cancelled';
  if (sla.state === 'not_started' || sla.dueAtMs === null || sla.remainingWorkingMs === null) return 'not_started';
  if (sla.state === 'stopped') return sla.breached ? 'late' : 'met';
  // At the due instant itself the answer is late already: no time left is ever shown then.
  if (sla.breached || (sla.state === 'running' && sla.remainingWorkingMs <= 0)) return 'breached';
  if (sla.state === 'paused') return 'paused';
  const { dueSoonMs, imminentMs } = urgencyOf(ctx);
  if (sla.remainingWorkingMs <= imminentMs) return 'imminent';
  return sla.remainingWorkingMs <= dueSoonMs ? 'due_soon' : 'running';
}

/** The thresholds the card's colour follows; without configuration, the defaults of SPEC section 4. */
export function urgencyOf(ctx: RenderContext): Urgency {
  return ctx.urgency ?? { dueSoonMs: ctx.workingDayMs, imminentMs: 3 * 3_600_000 };
}

/** The SLA state in words, without the colour cue. */
export function slaText(sla: SlaStatus, state: Pick<CaseState, 'status' | 'deliveredAtMs'>, ctx: RenderContext): string {
  const { m, at, dur } = tools(ctx);
  const tone = slaTone(sla, state, ctx);
  const due = sla.dueAtMs === null ? '' : at(sla.dueAtMs);
  const remaining = sla.remainingWorkingMs ?? 0;
  switch (tone) {
    case 'cancelled':
      return m.sla.cancelled;
    case 'not_started':
      return m.sla.notStarted;
    case 'met':
    case 'late': {
      const turnaround = m.card.workingDays(sla.elapsedWorkingMs / ctx.workingDayMs);
      const target = m.card.workingDays(sla.targetWorkingMs / ctx.workingDayMs);
      return tone === 'met' ? m.sla.met(turnaround, target) : m.sla.late(turnaround, target);
    }
    case 'breached':
      // Under a minute past the due instant: "due now", never "breached by 0 working min".
      return remaining > -60_000 ? m.sla.dueNow(due) : m.sla.breached(due, dur(-remaining));
    case 'paused':
      return m.sla.paused(due, dur(remaining));
    case 'due_soon':
      return m.sla.dueSoon(due, dur(remaining));
    case 'imminent':
      return m.reach.sla.imminent(due, dur(remaining));
    case 'running':
      return m.sla.running(due, dur(remaining));
  }
}

/**
 * The state in a few words for the card's first line ("breached by 4 working h"): never time left
 * once the due instant has passed.
 */
export function slaHeadline(sla: SlaStatus, state: Pick<CaseState, 'status' | 'deliveredAtMs'>, ctx: RenderContext): string {
  const { m, dur } = tools(ctx);
  const h = m.reach.headline;
  const remaining = sla.remainingWorkingMs ?? 0;
  const tone = slaTone(sla, state, ctx);
  switch (tone) {
    case 'cancelled':
      return h.cancelled;
    case 'not_started':
      return h.notStarted;
    case 'met':
      return h.met;
    case 'late':
      return h.late;
    case 'breached':
      return remaining > -60_000 ? h.dueNow : h.breached(dur(-remaining));
    case 'paused':
      return h.paused(dur(remaining));
    case 'imminent':
      return h.imminent(dur(remaining));
    case 'due_soon':
      return h.dueSoon(dur(remaining));
    case 'running':
      return h.running(dur(remaining));
  }
}

/** The colour cue of the SLA state, as Slack emoji code. */
export function slaEmoji(sla: SlaStatus, state: Pick<CaseState, 'status'>, ctx: RenderContext): string {
  return TONE_EMOJI[slaTone(sla, state, ctx)];
}

/** The one-line SLA state shown on cards, lists, App Home and the digest: colour cue, then words. */
export function slaLine(sla: SlaStatus, state: Pick<CaseState, 'status' | 'deliveredAtMs'>, ctx: RenderContext): string {
  return `${TONE_EMOJI[slaTone(sla, state, ctx)]} ${slaText(sla, state, ctx)}`;
}

/** Rejection reasons are fixed keys (see REJECTION_REASONS); anything else is not shown in channels. */
export function rejectionText(m: Messages, reason: string, item: ChecklistItemId): string {
  return m.rejectionReason(item, isRejectionReason(reason) ? reason : 'other');
}

/** A consult's area by its label in the reader's language. */
export function areaText(ctx: RenderContext, area: string): string {
  return tools(ctx).consultArea(area);
}

import { formatInstant, formatWorkingDuration } from '../../i18n/format.js';
import { messages, type Locale, type Messages } from '../../i18n/messages.js';
import { paymentPendingBesideReview, type CaseState } from '../../domain/case.js';
import type { SlaStatus } from '../../domain/sla.js';

/** What every builder needs to word and date things for the reader. */
export interface RenderContext {
  locale: Locale;
  zone: string;
  workingDayMs: number;
  nowMs: number;
}

export function tools(ctx: RenderContext): {
  m: Messages;
  at: (ms: number) => string;
  dur: (ms: number) => string;
} {
  return {
    m: messages(ctx.locale),
    at: (ms) => formatInstant(ms, ctx.locale, ctx.zone),
    dur: (ms) => formatWorkingDuration(ms, ctx.workingDayMs, ctx.locale),
  };
}

/** The status as people read it: "In review · payment pending" while a case past intake waits for its payment. */
export function statusText(state: Pick<CaseState, 'status' | 'payment'>, m: Messages): string {
  const status = m.status[state.status];
  return paymentPendingBesideReview(state) ? m.statusPaymentPending(status) : status;
}

/** The one-line SLA state shown on cards, lists and App Home. */
export function slaLine(sla: SlaStatus, state: Pick<CaseState, 'status' | 'deliveredAtMs'>, ctx: RenderContext): string {
  const { m, at, dur } = tools(ctx);
  if (state.status === 'cancelled') return m.sla.cancelled;
  if (sla.state === 'not_started' || sla.dueAtMs === null || sla.remainingWorkingMs === null) return m.sla.notStarted;
  if (sla.state === 'stopped') {
    const deliveredAt = state.deliveredAtMs ?? ctx.nowMs;
    return sla.breached ? m.sla.stoppedBreached(at(deliveredAt), dur(-sla.remainingWorkingMs)) : m.sla.stoppedMet(at(deliveredAt));
  }
  if (sla.breached) return m.sla.breached(at(sla.dueAtMs), dur(-sla.remainingWorkingMs));
  if (sla.state === 'paused') return m.sla.paused(at(sla.dueAtMs), dur(sla.remainingWorkingMs));
  return m.sla.running(at(sla.dueAtMs), dur(sla.remainingWorkingMs));
}

/** Rejection reasons are fixed keys (see REJECTION_REASONS); anything else is not shown in channels. */
export function rejectionText(m: Messages, reason: string): string {
  return (m.rejectionReasons as Record<string, string>)[reason] ?? m.rejectionReasons.other;
}

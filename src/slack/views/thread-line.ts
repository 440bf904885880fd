import { actorIdentity } from '../../domain/actor-id.js';
import type { CaseState } from '../../domain/case.js';
import type { NewCaseEvent } from '../../domain/events.js';
import { completionInstant } from '../../domain/checklist.js';
import type { BoardView } from '../../domain/board.js';
import type { SlaStatus } from '../../domain/sla.js';
import { consultThreadLine } from './board.js';
import { personName, rejectionText, tools, type RenderContext } from './render-context.js';
import { transferFoundText, valueDateText } from './transfers.js';

export interface ChangeToDescribe {
  before: CaseState | null;
  after: CaseState;
  sla: SlaStatus;
  events: readonly NewCaseEvent[];
  actorId: string;
  /** The board after the change, for consult lines (areas and deadlines). */
  board?: BoardView;
}

/** An instant said to be earlier than its recording by more than a minute is worth naming. */
const differs = (e: NewCaseEvent) => Math.abs(e.recordedAtMs - e.effectiveAtMs) > 60_000;

/** Who did it, by name: nobody is pinged for their own click (SPEC section 5, "Less noise"). */
export function who(actorId: string, ctx: RenderContext): string {
  const { m } = tools(ctx);
  const actor = actorIdentity(actorId);
  if (actor.kind === 'integration') return m.thread.integration;
  if (actor.kind === 'system' && actor.name === 'bank-statement') return m.bank.actor;
  if (actor.kind === 'command_line') {
    // A login is the operating system's; only what cannot break Slack's markup is shown of it.
    const login = actor.login.replace(/[^\w.@-]/g, '?');
    return actor.asUserId ? m.commandLine.actingFor(personName(ctx, actor.asUserId), login) : m.commandLine.operator(login);
  }
  return personName(ctx, actorId);
}

/** The line a change adds to the card's thread: who did what, then what followed from it. */
export function threadLine(change: ChangeToDescribe, ctx: RenderContext): string {
  const { m, at } = tools(ctx);
  const by = who(change.actorId, ctx);
  const lines: string[] = [];
  const consultLines: string[] = [];
  // Receipts are grouped by the instant they arrived, which is named when it is not the instant of recording.
  const receivedByInstant = new Map<number | null, string[]>();
  for (const e of change.events) {
    if (e.data.type !== 'document_received') continue;
    const key = differs(e) ? e.effectiveAtMs : null;
    receivedByInstant.set(key, [...(receivedByInstant.get(key) ?? []), m.items[e.data.item]]);
  }
  const due = change.sla.dueAtMs === null ? '' : at(change.sla.dueAtMs);

  for (const e of change.events) {
    const d = e.data;
    switch (d.type) {
      case 'case_created':
        lines.push(m.thread.created(by));
        break;
      case 'document_rejected':
        lines.push(m.thread.documentRejected(by, d.item, rejectionText(m, e.reason ?? '', d.item)));
        break;
      case 'payment_confirmed':
        lines.push(
          d.mismatch
            ? m.thread.paymentMismatch(by, m.euro(d.receivedCents), m.euro(change.after.expectedCents))
            : m.thread.paymentConfirmed(by, m.euro(d.receivedCents)),
        );
        break;
      case 'transfer_matched':
        // Found by the statement import, or matched by a coordinator from the queue: the amount and value date only.
        lines.push(
          actorIdentity(e.actor).kind === 'system'
            ? transferFoundText(m, d)
            : m.bank.matchedBy(by, m.euro(d.amountCents), valueDateText(m, d.valueDate)),
        );
        break;
      case 'claimed':
        lines.push(m.thread.claimed(by));
        break;
      case 'assigned':
        lines.push(m.thread.assigned(by, `<@${d.assignee}>`));
        break;
      case 'released':
        lines.push(m.thread.released(by));
        break;
      case 'info_requested':
        lines.push(m.thread.infoRequested(by));
        break;
      case 'info_received':
        lines.push(differs(e) ? m.thread.infoReceivedAt(by, at(e.effectiveAtMs), due) : m.thread.infoReceived(by, due));
        break;
      case 'delivered':
        lines.push(
          differs(e)
            ? m.thread.deliveredAt(by, at(e.effectiveAtMs), change.sla.breached ? m.thread.late : m.thread.onTime)
            : m.thread.delivered(by, change.sla.breached ? m.thread.late : m.thread.onTime),
        );
        break;
      case 'cancelled':
        lines.push(m.thread.cancelled(by));
        break;
      case 'details_viewed':
        lines.push(m.thread.detailsViewed(by));
        break;
      case 'personal_data_erased':
        lines.push(m.retention.threadLine);
        break;
      case 'document_received':
        break;
      case 'consult_requested':
      case 'consult_claimed':
      case 'consult_assigned':
      case 'consult_answered':
      case 'consult_withdrawn':
        consultLines.push(consultThreadLine({ data: d }, by, change.board, ctx));
        break;
    }
  }
  for (const [instant, items] of receivedByInstant) {
    lines.push(instant === null ? m.thread.documentsReceived(by, items.join(', ')) : m.thread.documentsReceivedAt(by, items.join(', '), at(instant)));
  }

  const wasComplete = change.before ? completionInstant(change.before.checklist) : null;
  const isComplete = completionInstant(change.after.checklist);
  if (isComplete !== null && wasComplete === null) lines.push(m.thread.complete(due));
  else if (isComplete !== null && wasComplete !== null && isComplete !== wasComplete) lines.push(m.thread.dueMoved(due));
  if (change.after.status === 'ready' && change.before?.status === 'intake') lines.push(m.thread.ready);
  // After "documentation complete": the image-review consult that completion opened follows it.
  lines.push(...consultLines);
  return lines.join('\n');
}

import type { App, BlockButtonAction } from '@slack/bolt';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { MailRow } from '../db/repositories/mail-outbox.js';
import { outboxRepository } from '../db/repositories/outbox.js';
import type { Database } from '../db/types.js';
import type { Actor } from '../domain/permissions.js';
import type { MailReporter } from '../mail/delivery.js';
import { messages } from '../i18n/messages.js';
import { attachmentSummary, kindLabel } from './views/correspondence-lines.js';
import { tellCoordinators, type CoordinatorRouting } from './coordinators.js';
import { renderContext, type SlackDeps } from './deps.js';
import { button, context, section, type AnyBlock } from './views/blocks.js';
import type { RenderContext } from './views/render-context.js';
import { who } from './views/thread-line.js';
import { alertBlocks, type AlertAction } from './views/alert.js';
import { tools } from './views/render-context.js';
import type { InboundReporter } from '../mail/inbound.js';
import type { CaseService } from '../services/cases.js';
import type { InboxReporter } from '../services/inbox.js';
import { staffRepository } from '../db/repositories/staff.js';
import { withNames } from './views/render-context.js';

/**
 * What Slack shows of the correspondence with the applicant (SPEC section 10): the fact, never the
 * content. A sent e-mail adds "E-mail to the applicant: request for information" to the thread; one
 * the server refused for good (5xx) is reported there with **Send the e-mail again** for coordinators.
 * No address, subject, body or name is ever put in a Slack message.
 */

export const MAIL_ACTIONS = {
  retry: 'mail_retry',
} as const;

type Executor = Db | Transaction<Database>;

/** Coordinators (and admins) act on the correspondence. */
export function mayHandleMail(actor: Actor): boolean {
  return actor.roles.has('coordinator') || actor.roles.has('admin');
}


export function mailReporter(deps: { ctx: () => RenderContext; routing: CoordinatorRouting; nudge: () => void }): MailReporter {
  return {
    async sent(trx, row) {
      const ctx = deps.ctx();
      const text = messages(ctx.locale).mail.slack.sentLine(kindLabel(ctx, row.kind));
      await outboxRepository(trx).enqueue([{ caseId: row.case_id, kind: 'thread', target: null, payload: { text }, dedupeKey: `mail-sent:${row.id}` }], Date.now());
    },
    async failed(trx, row, code) {
      const ctx = deps.ctx();
      const t = messages(ctx.locale).mail.slack;
      const text = t.failedLine(kindLabel(ctx, row.kind), code);
      const blocks: AnyBlock[] = [section(text), { type: 'actions', elements: [button(t.retry, MAIL_ACTIONS.retry, String(row.id), 'primary')] }];
      const dedupeKey = `mail-failed:${row.id}:${row.attempts + 1}`;
      // The thread keeps the fact; the coordinators are told (their group in the thread, or each by DM).
      if (!deps.routing.coordinatorsGroup) {
        await outboxRepository(trx).enqueue([{ caseId: row.case_id, kind: 'thread', target: null, payload: { text, blocks }, dedupeKey }], Date.now());
      }
      await tellCoordinators(trx, { caseId: row.case_id, text, blocks, dedupeKey: `${dedupeKey}:notice` }, deps.routing, ctx.nowMs);
    },
    afterCommit: () => deps.nudge(),
  };
}

/**
 * A reply matched to its case: "The applicant replied: 3 attachments (PDF 2, JPEG 1, 4.1 MB)" in the
 * thread, with the buttons that fit the case's state; a message without a case: the coordinators are
 * told, and it waits in their App Home.
 */
export function inboundReporter(deps: { ctx: () => RenderContext; routing: CoordinatorRouting; cases: CaseService; nudge: () => void }): InboundReporter {
  return {
    async reply(trx, r) {
      const ctx = deps.ctx();
      const t = messages(ctx.locale).mail.slack;
      const view = await deps.cases.getById(r.caseId, trx);
      const text = t.replied(attachmentSummary(r.attachments, ctx));
      const actions: AlertAction[] = view.state.status === 'awaiting_info' ? ['info_received'] : view.state.status === 'intake' ? ['record_documents'] : [];
      const blocks = alertBlocks(text, view.reference, actions, null, ctx);
      await tellCoordinators(trx, { caseId: r.caseId, text, blocks, dedupeKey: `mail-reply:${r.id}` }, deps.routing, ctx.nowMs);
      if (!deps.routing.coordinatorsGroup) {
        await outboxRepository(trx).enqueue([{ caseId: r.caseId, kind: 'thread', target: null, payload: { text, blocks }, dedupeKey: `mail-reply-line:${r.id}` }], Date.now());
      }
    },
    async unmatched(trx, r) {
      const ctx = deps.ctx();
      const text = messages(ctx.locale).mail.slack.unmatchedAlert(tools(ctx).at(r.receivedAtMs));
      await tellCoordinators(trx, { caseId: null, text, dedupeKey: `mail-unmatched:${r.id}` }, deps.routing, ctx.nowMs);
    },
    afterCommit: () => deps.nudge(),
  };
}

/** An e-mail a coordinator attached to a case from the inbox: "Anna Neri attached an e-mail received … to this case." in its thread. */
export function inboxReporter(deps: { ctx: () => RenderContext; nudge: () => void }): InboxReporter {
  return {
    async attached(trx, fact) {
      const named = withNames(deps.ctx(), await staffRepository(trx).displayNames());
      const text = messages(named.locale).mail.slack.attached(who(fact.by, named), tools(named).at(fact.receivedAtMs));
      await outboxRepository(trx).enqueue([{ caseId: fact.caseId, kind: 'thread', target: null, payload: { text }, dedupeKey: `mail-attached:${fact.mailId}` }], Date.now());
    },
    afterCommit: () => deps.nudge(),
  };
}

/** The card's line when the case has no address to write to (only with mail configured). */
export async function mailCardNote(db: Executor, caseId: number, ctx: RenderContext): Promise<string | null> {
  const p = await db.selectFrom('case_personal_data').select(['applicant_email', 'patient_email']).where('case_id', '=', caseId).executeTakeFirst();
  if (!p || p.applicant_email || p.patient_email) return null;
  return `:mailbox_closed: ${messages(ctx.locale).mail.slack.noAddress}`;
}

/** The card with its mail note after its first lines (the facts), before the documents and buttons. */
export function withMailNote<T extends { blocks: unknown[] }>(card: T, note: string | null): T {
  if (!note) return card;
  return { ...card, blocks: [...card.blocks.slice(0, 2), context(note), ...card.blocks.slice(2)] };
}

/** `mailRetry`: the button of a failed e-mail; the value is the mail's id. */
export function registerMailActions(app: App, deps: SlackDeps, mail: { nudge(): void } | null): void {
  const id = z.coerce.number().int().positive();
  app.action<BlockButtonAction>(MAIL_ACTIONS.retry, async ({ ack, body, action, respond }) => {
    await ack();
    const parsed = id.safeParse(action.value);
    if (!parsed.success) return;
    const actor = await deps.staff.actor(body.user.id);
    const ctx = renderContext(deps);
    if (!mayHandleMail(actor)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: messages(ctx.locale).refusal({ key: 'needs_role', roles: ['coordinator'] }, (id) => id) }).catch(() => undefined);
      return;
    }
    const requeued = await deps.correspondence.sendAgain(parsed.data, (row) => messages(ctx.locale).mail.slack.retried(who(actor.id, ctx), kindLabel(ctx, row.kind)));
    deps.logger.info({ mailId: parsed.data, requeued: requeued !== null }, 'failed e-mail sent again on request');
    mail?.nudge();
  });
}

export type { MailRow };

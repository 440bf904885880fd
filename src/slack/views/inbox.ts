import type { KnownBlock, ModalView } from '@slack/types';
import type { CreditToMatch, Inbox, QueuedCredit } from '../../services/inbox.js';
import { BLOCKS, CALLBACKS, INBOX_ACTIONS } from '../ids.js';
import { button, context, option, section, type AnyBlock } from './blocks.js';
import { attachmentSummary } from './correspondence-lines.js';
import { clip, LIMITS } from './limits.js';
import { input, modal, select, text } from './modals.js';
import { caseRef, tools, type RenderContext } from './render-context.js';
import { valueDateText } from './transfers.js';

/** How many items of each list App Home shows with their buttons; the rest are counted. */
const WITH_BUTTONS = 5;

/**
 * The coordinators' inbox in App Home (SPEC sections 10 and 11): replies from applicants not yet
 * handled, e-mails without a case, and bank credits no statement could place. Each line says only
 * what Slack may show (when, attachments by type and size, an amount and its value date, why no
 * case took it): never an address, a subject, a sender's or payer's name or a transfer's reason text.
 * A list with nothing in it is left out.
 */
export function inboxHomeBlocks(inbox: Inbox, ctx: RenderContext): AnyBlock[] {
  const { m, at } = tools(ctx);
  const t = m.mail.slack;
  const q = m.bank.queue;
  const blocks: AnyBlock[] = [];
  const heading = (title: string, total: number) => blocks.push(section(`*${title}* (${total})`));
  const more = (total: number, shown: number) => {
    if (total > shown) blocks.push(context(m.more(total - shown)));
  };

  if (inbox.replies.total > 0) {
    heading(t.homeReplies, inbox.replies.total);
    const shown = inbox.replies.items.slice(0, WITH_BUTTONS);
    for (const r of shown) {
      const link = r.caseId !== null && r.reference ? caseRef(ctx, { id: r.caseId, reference: r.reference }) : '';
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: clip(t.homeReply(link, at(r.receivedAtMs), attachmentSummary(r.attachments, ctx)), LIMITS.sectionText) },
        accessory: button(t.markHandled, INBOX_ACTIONS.mailHandled, String(r.id)),
      } as KnownBlock);
    }
    more(inbox.replies.total, shown.length);
  }

  if (inbox.withoutCase.total > 0) {
    heading(t.homeUnmatched, inbox.withoutCase.total);
    const shown = inbox.withoutCase.items.slice(0, WITH_BUTTONS);
    for (const r of shown) {
      blocks.push(section(t.homeUnmatchedLine(at(r.receivedAtMs), attachmentSummary(r.attachments, ctx))));
      blocks.push({
        type: 'actions',
        block_id: `inbox_mail_${r.id}`,
        elements: [
          button(t.attach, INBOX_ACTIONS.attachMail, String(r.id), 'primary'),
          button(t.newCase, INBOX_ACTIONS.newCaseFromMail, String(r.id)),
          button(t.markHandled, INBOX_ACTIONS.mailHandled, String(r.id)),
        ],
      });
    }
    more(inbox.withoutCase.total, shown.length);
  }

  if (inbox.credits.total > 0) {
    heading(q.title, inbox.credits.total);
    const shown = inbox.credits.items.slice(0, WITH_BUTTONS);
    for (const c of shown) {
      blocks.push(section(creditLine(c, ctx)));
      blocks.push({
        type: 'actions',
        block_id: `inbox_transfer_${c.id}`,
        elements: [button(q.match, INBOX_ACTIONS.matchTransfer, String(c.id), 'primary'), button(q.notOurs, INBOX_ACTIONS.dismissTransfer, String(c.id))],
      });
    }
    more(inbox.credits.total, shown.length);
  }
  return blocks;
}

/** "€518.00 on 03/12/2026: the reason names no case". */
function creditLine(c: QueuedCredit, ctx: RenderContext): string {
  const { m } = tools(ctx);
  return m.bank.queue.line(m.euro(c.amountCents), valueDateText(m, c.valueDate), c.reason ? m.bank.reason(c.reason) : m.bank.queue.none);
}

/** Attach to case…: the reference of the case the e-mail belongs to. */
export function attachMailModal(ctx: RenderContext, mailId: number): ModalView {
  const { m } = tools(ctx);
  const t = m.mail.slack;
  return modal(CALLBACKS.attachMail, t.attachTitle, [input(BLOCKS.caseReference, t.attachCase, text({ max: 20, example: t.attachPlaceholder }))], ctx, {
    reference: '',
    mail: mailId,
  });
}

/**
 * Match to case…: the credit with what only this modal (and Details) shows, the payer and the
 * transfer reason, and the cases whose payment is pending to choose from, those it fits first.
 */
export function matchTransferModal(ctx: RenderContext, credit: CreditToMatch): ModalView {
  const { m, area } = tools(ctx);
  const q = m.bank.queue;
  const blocks: KnownBlock[] = [
    section(q.facts(m.euro(credit.amountCents), valueDateText(m, credit.valueDate), credit.bankReference)) as KnownBlock,
    section(
      [
        `*${q.payer}*: ${escaped(credit.payerName ?? q.none)}`,
        `*${q.remittance}*: ${escaped(credit.remittance ?? q.none)}`,
        `*${q.why}*: ${credit.reason ? m.bank.reason(credit.reason) : q.none}`,
      ].join('\n'),
    ) as KnownBlock,
    context(q.privateNote) as KnownBlock,
  ];
  if (credit.pendingCases.length === 0) {
    blocks.push(section(q.noPendingCase) as KnownBlock);
    return modal(CALLBACKS.matchTransfer, q.modalTitle, blocks, ctx, null, null);
  }
  const options = credit.pendingCases.map((c) => option(q.caseOption(c.reference, area(c.pathologyArea), m.euro(c.expectedCents), c.fits), c.reference));
  const only = credit.pendingCases.length === 1 || (credit.pendingCases[0]?.fits && !credit.pendingCases[1]?.fits) ? credit.pendingCases[0]!.reference : undefined;
  blocks.push(input(BLOCKS.caseChoice, q.caseChoice, select(options, only, m.guide.choose)));
  return modal(CALLBACKS.matchTransfer, q.modalTitle, blocks, ctx, { reference: '', transfer: credit.id });
}

/** A payer's or a bank's text, shown as written: nothing in it can become a link or a mention. */
const escaped = (s: string) => clip(s, 500).replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch]!);

import type { KnownBlock } from '@slack/types';
import { availableActions, primaryAction, type CaseAction } from '../../domain/actions.js';
import type { Actor } from '../../domain/permissions.js';
import { formatDate } from '../../i18n/format.js';
import type { CasePage } from '../../services/case-queries.js';
import type { CaseView } from '../../services/cases.js';
import type { MyWork } from '../../services/my-work.js';
import { actionButton } from '../actions/buttons.js';
import { isCaseButtonAction } from '../actions/registry.js';
import { openCaseButton } from './alert.js';
import { context, header, section, type AnyBlock } from './blocks.js';
import { caseLine } from './case-lines.js';
import { clip, LIMITS } from './limits.js';
import { tools, type RenderContext } from './render-context.js';

/** Every case the DM names, to look up the permalinks of their cards. */
export function myWorkCaseIds(w: MyWork): number[] {
  return [w.held, w.documents, w.payment, w.unassigned, w.applicant].flatMap((p) => p.items.map((v) => v.id));
}

/**
 * The button a line carries: the action this list is about when the table lets the reader do it
 * now (a coordinator's queue), otherwise the reader's next action on the case (`primaryAction`),
 * otherwise a link to the card. Never a button the reader may not use.
 */
function buttonFor(v: CaseView, reader: Actor, wanted: CaseAction | 'next', ctx: RenderContext) {
  const { m } = tools(ctx);
  const action = wanted !== 'next' && availableActions(v.state, reader).includes(wanted) ? wanted : primaryAction(v.state, reader);
  if (isCaseButtonAction(action)) return actionButton(m, action, v.reference);
  const link = ctx.links?.get(v.id);
  return link ? openCaseButton(link, v.reference, ctx) : null;
}

/**
 * A person's morning DM (SPEC section 5, "My work, each morning"): their cases by urgency, then the
 * coordinators' queues, each line a link to the case's card with the button for what to do next.
 * Only the workflow facts a card shows (reference, area, state, holder): no patient data.
 */
export function myWorkMessage(w: MyWork, isoDate: string, ctx: RenderContext): { text: string; blocks: AnyBlock[] } {
  const { m } = tools(ctx);
  const t = m.myWork.dm;
  const blocks: AnyBlock[] = [header(t.title(formatDate(isoDate, ctx.locale))), context(t.intro)];
  const list = (title: string, page: CasePage, wanted: CaseAction | 'next') => {
    if (page.total === 0) return;
    blocks.push(section(`*${title}* (${page.total})`));
    for (const v of page.items) {
      const accessory = buttonFor(v, w.person, wanted, ctx);
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(caseLine(v, ctx), LIMITS.sectionText) }, ...(accessory ? { accessory } : {}) } as KnownBlock);
    }
    const hidden = page.total - page.items.length;
    if (hidden > 0) blocks.push(context(m.more(hidden)));
  };
  list(t.held, w.held, 'next');
  list(t.documents, w.documents, 'record_documents');
  list(t.payment, w.payment, 'confirm_payment');
  list(t.unassigned, w.unassigned, 'assign');
  list(t.applicant, w.applicant, 'info_received');
  // A case can sit in two queues (documents and payment); the notification counts it once.
  const cases = new Set(myWorkCaseIds(w)).size + [w.held, w.documents, w.payment, w.unassigned, w.applicant].reduce((n, p) => n + p.total - p.items.length, 0);
  return { text: t.fallback(cases), blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

import type { ActionsBlockElement, HomeView, KnownBlock } from '@slack/types';
import { availableActions, primaryAction, type CaseAction } from '../../domain/actions.js';
import type { Actor } from '../../domain/permissions.js';
import type { CasePage } from '../../services/case-queries.js';
import type { CaseView } from '../../services/cases.js';
import { actionButton } from '../actions/buttons.js';
import { isCaseButtonAction } from '../actions/registry.js';
import { ELEMENTS } from '../ids.js';
import { button, context, divider, header, section, type AnyBlock } from './blocks.js';
import { caseLine, caseLines } from './case-lines.js';
import { clip, LIMITS } from './limits.js';
import { boardHomeBlocks, type BoardHomeData } from './board-home.js';
import { personName, tools, type RenderContext } from './render-context.js';

/** Who asked for the information a paused case waits for, and when. */
export interface AskedFor {
  by: string;
  atMs: number;
}

export interface HomeData {
  viewer: Actor;
  mine: CasePage;
  /** Ready cases in the doctor's areas, waiting for a reviewer. */
  claimable: CasePage;
  waitingDocuments: CasePage;
  waitingPayment: CasePage;
  unassigned: CasePage;
  /** Paused cases the coordinators chase, longest first. */
  toChase: CasePage;
  askedFor: ReadonlyMap<number, AskedFor>;
  summary: { open: number; breached: number; dueSoon: number; paused: number } | null;
  breached: CasePage;
  dueSoon: CasePage;
  /** The board's consults and absence cover (SPEC section 8). */
  board?: BoardHomeData;
}

/** How many cases a list shows with their buttons (one section each); the rest are counted. */
const WITH_BUTTONS = 5;

/**
 * What needs this person now, with the button for it: a doctor's cases by due instant and the cases
 * they could claim; a coordinator's queues (intake, payment, assignment, chasing) and New case; a
 * manager's counts and the breached and due-soon cases with their holders. Buttons come from the
 * action table, for this viewer.
 */
export function homeView(data: HomeData, ctx: RenderContext): HomeView {
  const { m, at } = tools(ctx);
  const h = m.home;
  const roles = data.viewer.roles;
  const blocks: AnyBlock[] = [header(h.title)];

  /** The button for `wanted` on this case when the table lets the viewer do it (or the viewer's next action). */
  const buttonFor = (v: CaseView, wanted: CaseAction | 'next') => {
    const action = wanted === 'next' ? primaryAction(v.state, data.viewer) : availableActions(v.state, data.viewer).includes(wanted) ? wanted : null;
    return isCaseButtonAction(action) ? actionButton(m, action, v.reference) : null;
  };

  const list = (title: string, page: CasePage, wanted: CaseAction | 'next', empty: string = h.none, extra?: (v: CaseView) => string | null) => {
    blocks.push(section(`*${title}* (${page.total})`));
    if (page.items.length === 0) {
      blocks.push(context(empty));
      return;
    }
    for (const v of page.items.slice(0, WITH_BUTTONS)) {
      const more = extra?.(v);
      const accessory = buttonFor(v, wanted);
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: clip(`${caseLine(v, ctx)}${more ? `\n${more}` : ''}`, LIMITS.sectionText) },
        ...(accessory ? { accessory } : {}),
      } as KnownBlock);
    }
    const hidden = page.total - Math.min(page.items.length, WITH_BUTTONS);
    if (hidden > 0) blocks.push(context(m.more(hidden)));
  };

  if (roles.size === 0) blocks.push(section(h.noRole));
  if (roles.has('coordinator')) {
    const elements: ActionsBlockElement[] = [button(m.buttons.newCase, ELEMENTS.newCase, 'new', 'primary')];
    blocks.push({ type: 'actions', block_id: 'home_actions', elements });
  }
  if (roles.has('doctor')) {
    // The holder's own question is shown here, privately: it is clinical text, never posted in a channel.
    list(h.doctorHeader, data.mine, 'next', h.doctorEmpty, (v) => (v.state.pendingQuestion ? h.pendingQuestion(clip(v.state.pendingQuestion, 600)) : null));
    list(h.claimable, data.claimable, 'claim', h.claimableEmpty);
    blocks.push(divider());
  }
  if (roles.has('coordinator')) {
    list(h.intake, data.waitingDocuments, 'record_documents');
    list(h.waitingPayment, data.waitingPayment, 'confirm_payment');
    list(h.waitingAssignment, data.unassigned, 'assign');
    list(h.toChase, data.toChase, 'info_received', h.none, (v) => {
      const asked = data.askedFor.get(v.id);
      return asked ? h.chaseLine(at(asked.atMs), personName(ctx, asked.by)) : null;
    });
    blocks.push(divider());
  }
  if (data.board) blocks.push(...boardHomeBlocks(data.board, ctx));
  if (data.summary && (roles.has('manager') || roles.has('admin'))) {
    const s = data.summary;
    const lines = (page: CasePage) => caseLines(page.items, ctx, LIMITS.sectionText - 200, { total: page.total });
    blocks.push(
      section(`*${h.managerHeader}*\n${h.counts(s.open, s.breached, s.dueSoon, s.paused)}`),
      section(`*${h.breached}* (${data.breached.total})\n${lines(data.breached)}`),
      section(`*${h.dueSoon}* (${data.dueSoon.total})\n${lines(data.dueSoon)}`),
    );
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.modalBlocks) };
}

import type { ActionsBlockElement, HomeView, KnownBlock } from '@slack/types';
import { availableActions, nextAction, type CaseAction } from '../../domain/actions.js';
import type { Actor } from '../../domain/permissions.js';
import type { CasePage } from '../../services/case-queries.js';
import type { CaseView } from '../../services/cases.js';
import { actionButton } from '../actions/buttons.js';
import { isCaseButtonAction } from '../actions/registry.js';
import { ELEMENTS } from '../ids.js';
import { button, context, divider, header, section, type AnyBlock } from './blocks.js';
import { openCaseButton } from './alert.js';
import { caseLine } from './case-lines.js';
import { clip, LIMITS } from './limits.js';
import { boardHomeBlocks, type BoardHomeData } from './board-home.js';
import { inboxHomeBlocks } from './inbox.js';
import type { Inbox } from '../../services/inbox.js';
import { personName, tools, type RenderContext } from './render-context.js';

/** Who asked for the information a paused case waits for, and when. */
export interface AskedFor {
  by: string;
  atMs: number;
}

export interface HomeData {
  viewer: Actor;
  /**
   * A doctor who reviews cases: one of their areas is a pathology area, or they hold a case. A
   * specialist holding none (a radiologist) sees the board's lists only, not the case lists.
   */
  reviewsCases: boolean;
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
  /** The coordinators' inbox: replies, e-mails without a case, bank credits to match (SPEC sections 10, 11). */
  inbox?: Inbox | null;
}

/** How many cases a list shows with their buttons (one section each); the rest are counted. */
const WITH_BUTTONS = 5;

/**
 * What needs this person now, with the button for it: a doctor's cases by due instant and the cases
 * they could claim; a coordinator's queues (intake, payment, assignment, chasing) and New case; a
 * manager's counts and the breached and due-soon cases with their holders. Every case line names the
 * case as a link to its card and carries one button: the viewer's next action from the action table,
 * or Open case when they have none (a manager).
 */
export function homeView(data: HomeData, ctx: RenderContext): HomeView {
  const { m, at } = tools(ctx);
  const h = m.home;
  const roles = data.viewer.roles;
  const blocks: AnyBlock[] = [header(h.title)];

  /**
   * The button on a case's line: `wanted` when the table lets the viewer do it now (or the viewer's
   * next action), else a link to the card: every line leads somewhere, none offers what its reader may
   * not do (a manager gets Open case).
   */
  const buttonFor = (v: CaseView, wanted: CaseAction | 'next') => {
    const action = wanted === 'next' ? nextAction(v.state, data.viewer) : availableActions(v.state, data.viewer).includes(wanted) ? wanted : null;
    if (isCaseButtonAction(action)) return actionButton(m, action, v.reference);
    const link = ctx.links?.get(v.id);
    return link ? openCaseButton(link, v.reference, ctx) : null;
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
  if (roles.has('doctor') && data.reviewsCases) {
    // The holder's own question is shown here, privately: it is clinical text, never posted in a channel.
    list(h.doctorHeader, data.mine, 'next', h.doctorEmpty, (v) => (v.state.pendingQuestion ? h.pendingQuestion(clip(v.state.pendingQuestion, 600)) : null));
    list(h.claimable, data.claimable, 'claim', h.claimableEmpty);
    blocks.push(divider());
  }
  if (roles.has('coordinator')) {
    // What came from outside first: an applicant's reply or a payment waits on a coordinator's reading.
    if (data.inbox) blocks.push(...inboxHomeBlocks(data.inbox, ctx));
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
    blocks.push(section(`*${h.managerHeader}*\n${h.counts(s.open, s.breached, s.dueSoon, s.paused)}`));
    list(h.breached, data.breached, 'next');
    list(h.dueSoon, data.dueSoon, 'next');
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.modalBlocks) };
}

import type { HomeView } from '@slack/types';
import type { Principal } from '../../domain/permissions.js';
import type { CasePage } from '../../services/case-queries.js';
import { divider, header, section, type AnyBlock } from './blocks.js';
import { caseLines } from './case-lines.js';
import { LIMITS } from './limits.js';
import { tools, type RenderContext } from './render-context.js';

export interface HomeData {
  roles: ReadonlySet<Principal>;
  mine: CasePage;
  waitingDocuments: CasePage;
  waitingPayment: CasePage;
  unassigned: CasePage;
  summary: { open: number; breached: number; dueSoon: number; paused: number } | null;
}

/** What needs this person now: a doctor's cases by due instant, a coordinator's queues, a manager's summary. */
export function homeView(data: HomeData, ctx: RenderContext): HomeView {
  const { m } = tools(ctx);
  const h = m.home;
  const blocks: AnyBlock[] = [header(h.title)];
  const list = (page: CasePage) => caseLines(page.items, ctx, LIMITS.sectionText - 100, { total: page.total });
  if (data.roles.size === 0) blocks.push(section(h.noRole));
  if (data.roles.has('doctor')) {
    blocks.push(section(`*${h.doctorHeader}*\n${data.mine.total === 0 ? h.doctorEmpty : list(data.mine)}`), divider());
  }
  if (data.roles.has('coordinator')) {
    blocks.push(
      section(`*${h.waitingDocuments}* (${data.waitingDocuments.total})\n${list(data.waitingDocuments)}`),
      section(`*${h.waitingPayment}* (${data.waitingPayment.total})\n${list(data.waitingPayment)}`),
      section(`*${h.waitingAssignment}* (${data.unassigned.total})\n${list(data.unassigned)}`),
      divider(),
    );
  }
  if (data.summary && (data.roles.has('manager') || data.roles.has('admin'))) {
    const s = data.summary;
    blocks.push(section(`*${h.managerHeader}*\n${h.counts(s.open, s.breached, s.dueSoon, s.paused)}`));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.modalBlocks) };
}

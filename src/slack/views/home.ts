import type { HomeView } from '@slack/types';
import { completionInstant } from '../../domain/checklist.js';
import type { Principal } from '../../domain/permissions.js';
import type { CaseView } from '../../services/cases.js';
import { divider, header, section, type AnyBlock } from './blocks.js';
import { caseLines } from './case-lines.js';
import { LIMITS } from './limits.js';
import { tools, type RenderContext } from './render-context.js';

export interface HomeData {
  roles: ReadonlySet<Principal>;
  mine: readonly CaseView[];
  intake: readonly CaseView[];
  unassigned: readonly CaseView[];
  summary: { open: number; breached: number; dueSoon: number; paused: number } | null;
}

/** What needs this person now: a doctor's cases by due instant, a coordinator's queues, a manager's summary. */
export function homeView(data: HomeData, ctx: RenderContext): HomeView {
  const { m } = tools(ctx);
  const h = m.home;
  const blocks: AnyBlock[] = [header(h.title)];
  const list = (views: readonly CaseView[]) => caseLines(views, ctx, LIMITS.sectionText - 100);
  if (data.roles.size === 0) blocks.push(section(h.noRole));
  if (data.roles.has('doctor')) {
    blocks.push(section(`*${h.doctorHeader}*\n${data.mine.length === 0 ? h.doctorEmpty : list(data.mine)}`), divider());
  }
  if (data.roles.has('coordinator')) {
    const waitingDocuments = data.intake.filter((v) => completionInstant(v.state.checklist) === null);
    const waitingPayment = data.intake.filter((v) => v.state.payment.state === 'pending' && completionInstant(v.state.checklist) !== null);
    blocks.push(
      section(`*${h.waitingDocuments}* (${waitingDocuments.length})\n${list(waitingDocuments)}`),
      section(`*${h.waitingPayment}* (${waitingPayment.length})\n${list(waitingPayment)}`),
      section(`*${h.waitingAssignment}* (${data.unassigned.length})\n${list(data.unassigned)}`),
      divider(),
    );
  }
  if (data.summary && (data.roles.has('manager') || data.roles.has('admin'))) {
    const s = data.summary;
    blocks.push(section(`*${h.managerHeader}*\n${h.counts(s.open, s.breached, s.dueSoon, s.paused)}`));
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.modalBlocks) };
}

import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { CaseQueries } from '../services/case-queries.js';
import type { CaseService } from '../services/cases.js';
import type { StaffService } from '../services/staff.js';
import { withLinks, withNames, type RenderContext } from './views/render-context.js';
import { homeView, type AskedFor, type HomeData } from './views/home.js';
import type { Principal } from '../domain/permissions.js';
import type { AbsenceService } from '../services/absences.js';
import type { BoardQueries } from '../services/board-queries.js';
import type { BoardHomeData } from './views/board-home.js';
import type { InboxService } from '../services/inbox.js';

/** How many cases each App Home list names (one section's worth); the rest are counted. */
const LISTED = 30;

/** Builds and publishes a person's App Home. Best effort: it is rebuilt whenever they open it. */
export class HomePublisher {
  constructor(
    private readonly deps: {
      client: WebClient;
      staff: StaffService;
      queries: CaseQueries;
      cases: CaseService;
      board: BoardQueries;
      absences: AbsenceService;
      inbox: InboxService;
      ctx: () => RenderContext;
      links: (caseIds: readonly number[]) => Promise<Map<number, string>>;
      /** The areas whose cases a doctor reviews (the others are specialist areas, asked for consults). */
      pathologyAreas: readonly string[];
      logger: Logger;
    },
  ) {}

  async data(userId: string): Promise<HomeData> {
    const viewer = await this.deps.staff.actor(userId);
    const { roles } = viewer;
    const q = this.deps.queries;
    const isDoctor = roles.has('doctor');
    const isCoordinator = roles.has('coordinator');
    const isManager = roles.has('manager') || roles.has('admin');
    const none = { total: 0, items: [] };
    const areas = isDoctor ? await this.deps.staff.doctorAreas(userId) : [];
    const [mine, claimable, waitingDocuments, waitingPayment, unassigned, toChase, breached, dueSoon, open, paused] = await Promise.all([
      isDoctor ? q.page('mine', userId, LISTED) : none,
      isDoctor ? q.page('claimable', userId, LISTED) : none,
      isCoordinator ? q.page('waiting_documents', userId, LISTED) : none,
      isCoordinator ? q.page('waiting_payment', userId, LISTED) : none,
      isCoordinator ? q.page('unassigned', userId, LISTED) : none,
      isCoordinator ? q.page('paused', userId, LISTED) : none,
      isManager ? q.page('breached', userId, LISTED) : none,
      isManager ? q.page('due', userId, LISTED) : none,
      isManager ? q.count('all', userId) : 0,
      isManager ? q.count('paused', userId) : 0,
    ]);
    // Who asked, and when, for the cases the coordinators chase (a handful: those shown with buttons).
    const askedFor = new Map<number, AskedFor>();
    for (const v of toChase.items.slice(0, 5)) {
      const asked = (await this.deps.cases.history(v.reference)).findLast((e) => e.data.type === 'info_requested');
      if (asked) askedFor.set(v.id, { by: asked.actor, atMs: asked.effectiveAtMs });
    }
    return {
      viewer,
      // A specialist (say a radiologist) holding no case would only see two lists that stay empty.
      reviewsCases: isDoctor && (mine.total > 0 || areas.some((a) => this.deps.pathologyAreas.includes(a))),
      mine,
      claimable,
      waitingDocuments,
      waitingPayment,
      unassigned,
      toChase,
      askedFor,
      breached,
      dueSoon,
      summary: isManager ? { open, breached: breached.total, dueSoon: dueSoon.total, paused } : null,
      board: await this.boardData(userId, roles, areas),
      inbox: isCoordinator ? await this.deps.inbox.list(LISTED) : null,
    };
  }

  /** The board's consults for a doctor; absence cover for doctors and coordinators (SPEC section 8). */
  private async boardData(userId: string, roles: ReadonlySet<Principal>, areas: readonly string[]): Promise<BoardHomeData> {
    const isDoctor = roles.has('doctor');
    const isCoordinator = roles.has('coordinator');
    const b = this.deps.board;
    const [own, absentHolders] = await Promise.all([
      isDoctor || isCoordinator ? this.deps.absences.upcoming(userId) : [],
      isCoordinator ? b.absentHolders() : null,
    ]);
    const [openInAreas, myConsults] = await Promise.all([
      isDoctor ? b.openInAreas(areas, LISTED) : null,
      isDoctor ? b.heldBy(userId, LISTED) : null,
    ]);
    const away = own[0] ?? null;
    return {
      away: away && { fromMs: away.fromMs, toMs: away.toMs },
      canRecordAbsence: isDoctor || isCoordinator,
      openInAreas,
      myConsults,
      absentHolders,
    };
  }

  async publish(userId: string): Promise<void> {
    try {
      const data = await this.data(userId);
      const ids = [data.mine, data.claimable, data.waitingDocuments, data.waitingPayment, data.unassigned, data.toChase, data.breached, data.dueSoon].flatMap((p) =>
        p.items.map((v) => v.id),
      );
      // Consult lines link to their cases' cards too.
      for (const page of [data.board?.openInAreas, data.board?.myConsults]) ids.push(...(page?.items.map((c) => c.caseId) ?? []));
      // So do the replies of the inbox.
      for (const r of data.inbox?.replies.items ?? []) if (r.caseId !== null) ids.push(r.caseId);
      const view = homeView(data, withNames(withLinks(this.deps.ctx(), await this.deps.links(ids)), await this.deps.staff.displayNames()));
      await this.deps.client.views.publish({ user_id: userId, view });
    } catch (err) {
      this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err), userId }, 'App Home not published');
    }
  }
}

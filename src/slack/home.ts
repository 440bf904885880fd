import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { CaseQueries } from '../services/case-queries.js';
import type { StaffService } from '../services/staff.js';
import type { RenderContext } from './views/render-context.js';
import { homeView, type HomeData } from './views/home.js';

/** How many cases each App Home list names (one section's worth); the rest are counted. */
const LISTED = 30;

/** Builds and publishes a person's App Home. Best effort: it is rebuilt whenever they open it. */
export class HomePublisher {
  constructor(
    private readonly deps: {
      client: WebClient;
      staff: StaffService;
      queries: CaseQueries;
      ctx: () => RenderContext;
      logger: Logger;
    },
  ) {}

  async data(userId: string): Promise<HomeData> {
    const { roles } = await this.deps.staff.actor(userId);
    const q = this.deps.queries;
    const isCoordinator = roles.has('coordinator');
    const isManager = roles.has('manager') || roles.has('admin');
    const none = { total: 0, items: [] };
    const [mine, waitingDocuments, waitingPayment, unassigned, open, breached, dueSoon, paused] = await Promise.all([
      roles.has('doctor') ? q.page('mine', userId, LISTED) : none,
      isCoordinator ? q.page('waiting_documents', userId, LISTED) : none,
      isCoordinator ? q.page('waiting_payment', userId, LISTED) : none,
      isCoordinator ? q.page('unassigned', userId, LISTED) : none,
      isManager ? q.count('all', userId) : 0,
      isManager ? q.count('breached', userId) : 0,
      isManager ? q.count('due', userId) : 0,
      isManager ? q.count('paused', userId) : 0,
    ]);
    return { roles, mine, waitingDocuments, waitingPayment, unassigned, summary: isManager ? { open, breached, dueSoon, paused } : null };
  }

  async publish(userId: string): Promise<void> {
    try {
      const view = homeView(await this.data(userId), this.deps.ctx());
      await this.deps.client.views.publish({ user_id: userId, view });
    } catch (err) {
      this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err), userId }, 'App Home not published');
    }
  }
}

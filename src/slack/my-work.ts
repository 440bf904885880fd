import type { Db } from '../db/database.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { staffRepository } from '../db/repositories/staff.js';
import type { MyWorkPublisher } from '../services/my-work.js';
import { cardLinks } from './card-links.js';
import type { TodayMessage } from './today.js';
import { myWorkCaseIds, myWorkMessage } from './views/my-work.js';
import { withLinks, withNames, type RenderContext } from './views/render-context.js';

/**
 * The morning DMs go to Slack through the outbox, the one outbound path (paced, retried): one row
 * per person whose dedupe key is the person and the local date, so a second worker, a retried job or
 * a restart queues nothing more. Lines name cases by their card's link; a card still to be posted is
 * named by the placeholder the delivery resolves (the DM waits for it). The day's Today message is
 * refreshed with them: its date changes overnight.
 */
export function myWorkPublisher(deps: { db: Db; ctx: () => RenderContext; today: TodayMessage | null; nudge: () => void }): MyWorkPublisher {
  return {
    async publish(works, isoDate) {
      const ids = works.flatMap(myWorkCaseIds);
      const outbox = outboxRepository(deps.db);
      const ctx = withNames(withLinks(deps.ctx(), cardLinks(ids, await outbox.permalinks(ids))), await staffRepository(deps.db).displayNames());
      const messages: OutboxMessage[] = works.map((w) => {
        const { text, blocks } = myWorkMessage(w, isoDate, ctx);
        return { caseId: null, kind: 'dm', target: w.person.id, payload: { text, blocks }, dedupeKey: w.dedupeKey };
      });
      if (deps.today) messages.push(deps.today.refresh());
      await outbox.enqueue(messages, Date.now());
      deps.nudge();
    },
  };
}

import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';

const EVENT_MEMORY_SECONDS = 60 * 60;

/**
 * Slack redelivers an event it thinks we missed (x-slack-retry-num) and Bolt does not deduplicate:
 * the event id is remembered in Redis for an hour so a redelivery has no second effect.
 */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body }) => {
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId) {
      const first = await deps.redis.set(`${deps.redisPrefix}:slack-event:${eventId}`, '1', 'EX', EVENT_MEMORY_SECONDS, 'NX');
      if (first === null) return;
    }
    if (event.tab !== 'home') return;
    await deps.home.publish(event.user);
  });
}

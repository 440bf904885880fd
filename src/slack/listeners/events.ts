import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';

/** A redelivered event never reaches here twice: `dedupeEvents` (request-guard.ts) drops it first. */
export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await deps.home.publish(event.user);
  });
}

import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { registerActions } from './actions.js';
import { registerAbsenceCover } from './absence-cover.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import { registerShortcuts } from './shortcuts.js';
import { registerSnooze } from './snooze.js';
import { registerViews } from './views.js';
import { registerMailActions } from '../mail.js';
import { registerInbox } from './inbox.js';

export function registerListeners(app: App, deps: SlackDeps): void {
  registerActions(app, deps);
  registerViews(app, deps);
  registerAbsenceCover(app, deps);
  registerCommands(app, deps);
  registerShortcuts(app, deps);
  registerEvents(app, deps);
  registerSnooze(app, deps);
  registerMailActions(app, deps, deps.mail);
  registerInbox(app, deps);
}

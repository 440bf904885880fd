import type { App, MessageShortcut } from '@slack/bolt';
import { authorise } from '../../domain/actions.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { CALLBACKS } from '../ids.js';
import { newCaseModal } from '../views/modals.js';

/** "Create second-opinion case" on a message: the new-case modal, with the message as its notes. */
export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(CALLBACKS.createFromMessage, async ({ ack, shortcut, respond }) => {
    await ack();
    try {
      authorise(await deps.staff.actor(shortcut.user.id), 'create_case');
      await deps.client.views.open({
        trigger_id: shortcut.trigger_id,
        view: newCaseModal(renderContext(deps), deps.pathologyAreas, { notes: shortcut.message.text ?? '', channel: shortcut.channel.id }),
      });
    } catch (err) {
      // Through the shortcut's response URL: it works while the Web API (which failed to open the form) does not.
      await respond({ response_type: 'ephemeral', text: refusalText(deps, err) }).catch(() => undefined);
    }
  });
}

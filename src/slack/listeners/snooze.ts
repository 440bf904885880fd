import type { App, BlockStaticSelectAction } from '@slack/bolt';
import { z } from 'zod';
import { SNOOZE_CHOICES } from '../../domain/notification-policy.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { ELEMENTS } from '../ids.js';
import { snoozedBlocks } from '../views/snooze.js';
import { tools } from '../views/render-context.js';

/** What a Snooze option carries (see `snoozeValue`): how long, and which reminder. */
const snoozeOption = z
  .string()
  .regex(/^[a-z_]+\|\d{1,15}$/)
  .transform((v) => v.split('|'))
  .pipe(z.tuple([z.enum(SNOOZE_CHOICES), z.string().transform(Number).pipe(z.number().int().positive())]));

/** The DM the menu was in, as Slack sends it back: its fallback text and its blocks. */
const dmMessage = z.object({ text: z.string().default(''), blocks: z.array(z.record(z.string(), z.unknown())).default([]) });

/**
 * Snooze on a reminder DM: parse the option, let the service judge and record it, then rewrite the DM
 * (through its response URL) to say until when. A refusal (the case has moved on) answers the
 * clicker alone and leaves the DM as it was.
 */
export function registerSnooze(app: App, deps: SlackDeps): void {
  app.action<BlockStaticSelectAction>(ELEMENTS.snooze, async ({ ack, body, action, respond }) => {
    await ack();
    const option = snoozeOption.safeParse(action.selected_option?.value);
    if (!option.success) return;
    const [choice, notificationId] = option.data;
    try {
      const outcome = await deps.snoozes.snooze(await deps.staff.actor(body.user.id), notificationId, choice);
      const { m, at } = tools(renderContext(deps));
      const note = outcome.atDeadline ? m.snooze.untilDue(at(outcome.untilMs)) : m.snooze.snoozed(at(outcome.untilMs));
      const dm = dmMessage.safeParse(body.message ?? {});
      const shown = dm.success ? dm.data : { text: '', blocks: [] };
      await respond({ replace_original: true, text: shown.text ? `${shown.text}\n${note}` : note, blocks: snoozedBlocks(shown.blocks, note) as never });
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: refusalText(deps, err) }).catch(() => undefined);
    }
  });
}

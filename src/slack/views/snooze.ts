import type { KnownBlock, StaticSelect } from '@slack/types';
import { SNOOZE_CHOICES } from '../../domain/notification-policy.js';
import { ELEMENTS, snoozeValue } from '../ids.js';
import { context, option, plain } from './blocks.js';
import { LIMITS } from './limits.js';
import { tools, type RenderContext } from './render-context.js';

/** The block a reminder's buttons sit in (see `alertBlocks`); the Snooze menu joins them. */
const ALERT_ACTIONS_BLOCK = 'alert_actions';

/** "Snooze ▾ 1 working hour / until the next opening", for the reminder stored as this notification. */
export function snoozeMenu(ctx: RenderContext, notificationId: number): StaticSelect {
  const { m } = tools(ctx);
  return {
    type: 'static_select',
    action_id: ELEMENTS.snooze,
    placeholder: plain(m.snooze.menu, LIMITS.placeholder),
    options: SNOOZE_CHOICES.map((choice) => option(m.snooze.choices[choice], snoozeValue(choice, notificationId))),
  };
}

type Block = { type?: string; block_id?: string; elements?: unknown[] };

/** A reminder DM's blocks with the Snooze menu beside its buttons (or under its lines when it has none). */
export function withSnoozeMenu(blocks: readonly unknown[], menu: StaticSelect): unknown[] {
  const list = blocks as Block[];
  const at = list.findIndex((b) => b.type === 'actions' && b.block_id === ALERT_ACTIONS_BLOCK);
  if (at < 0) return [...list, { type: 'actions', block_id: 'snooze_actions', elements: [menu] }];
  return list.map((b, i) => (i === at ? { ...b, elements: [...(b.elements ?? []), menu] } : b));
}

/**
 * The DM as it reads once snoozed: the same words and buttons, the menu replaced by when it comes
 * back ("Snoozed until Fri 4 Dec 2026 11:00"). `blocks` are the message's own, as Slack sent them.
 */
export function snoozedBlocks(blocks: readonly unknown[], note: string): unknown[] {
  const kept = (blocks as Block[])
    .map((b) => (b.type === 'actions' ? { ...b, elements: (b.elements ?? []).filter((e) => (e as { action_id?: string }).action_id !== ELEMENTS.snooze) } : b))
    .filter((b) => b.type !== 'actions' || (b.elements ?? []).length > 0);
  return [...kept, context(note)].slice(0, LIMITS.messageBlocks) as KnownBlock[];
}

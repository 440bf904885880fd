import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import { ACTIONS, ELEMENTS } from '../ids.js';
import { button, plain, section } from './blocks.js';
import { LIMITS } from './limits.js';
import { tools, type RenderContext } from './render-context.js';

/** Actions an alert can ask for, by their button's catalogue key. */
export type AlertAction = 'claim' | 'assign' | 'documents' | 'payment' | 'infoReceived';

const ACTION_IDS: Record<AlertAction, string> = {
  claim: ACTIONS.claim,
  assign: ACTIONS.assign,
  documents: ACTIONS.documents,
  payment: ACTIONS.payment,
  infoReceived: ACTIONS.infoReceived,
};

/**
 * An alert: its sentence (the case named as a link to its card), the button for the action it asks
 * for, and "Open case" to the card. The click is checked on the server like any other.
 */
export function alertBlocks(text: string, reference: string, actions: readonly AlertAction[], permalink: string | null, ctx: RenderContext): KnownBlock[] {
  const { m } = tools(ctx);
  const elements: ActionsBlockElement[] = actions.map((a, i) => button(m.buttons[a], ACTION_IDS[a], reference, i === 0 ? 'primary' : undefined));
  if (permalink) elements.push(openCaseButton(permalink, reference, ctx));
  return [section(text), ...(elements.length > 0 ? [{ type: 'actions' as const, block_id: 'alert_actions', elements }] : [])];
}

/** A link button to the case's card. */
export function openCaseButton(permalink: string, reference: string, ctx: RenderContext): ActionsBlockElement {
  return { type: 'button', text: plain(tools(ctx).m.buttons.openCase, LIMITS.buttonText), action_id: ELEMENTS.openCase, url: permalink, value: reference };
}

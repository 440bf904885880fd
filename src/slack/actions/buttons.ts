import type { Button, PlainTextOption } from '@slack/types';
import type { Messages } from '../../i18n/messages.js';
import { overflowValue } from '../ids.js';
import { button, option } from '../views/blocks.js';
import { ACTION_MODULES, type ButtonAction } from './registry.js';

/**
 * An action's button wherever it is shown (card, alert, App Home, DM), from its module: its words
 * and id. `value` is what the button carries (a reference, or `<reference>#<consult>`); `area` names
 * a consult's area in its words.
 */
export function actionButton(m: Messages, action: ButtonAction, value: string, style?: 'primary' | 'danger', area?: string): Button {
  const b = ACTION_MODULES[action].button;
  return button(b.label(m, area), b.id, value, style);
}

/** The same action as an option of an overflow menu. */
export function actionOption(m: Messages, action: ButtonAction, value: string, area?: string): PlainTextOption {
  const b = ACTION_MODULES[action].button;
  return option(b.label(m, area), overflowValue(b.id, value));
}

/** A button's words alone (a refusal's "use Claim"). */
export const actionLabel = (m: Messages, action: ButtonAction, area?: string): string => ACTION_MODULES[action].button.label(m, area);

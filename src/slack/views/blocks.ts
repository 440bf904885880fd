import type { Block, KnownBlock, PlainTextOption } from '@slack/types';
import { clip, LIMITS } from './limits.js';

/** Small Block Kit constructors that respect the limits, so builders read like the layout they make. */

export type AnyBlock = KnownBlock | Block;

export const plain = (text: string, max: number = LIMITS.sectionText) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });
export const mrkdwn = (text: string, max: number = LIMITS.sectionText) => ({ type: 'mrkdwn' as const, text: clip(text, max) });

export const header = (text: string): KnownBlock => ({ type: 'header', text: plain(text, LIMITS.headerText) });
export const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
export const fields = (items: readonly string[]): KnownBlock => ({
  type: 'section',
  fields: items.slice(0, LIMITS.fields).map((t) => mrkdwn(t, LIMITS.fieldText)),
});
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [mrkdwn(text)] });
export const divider = (): KnownBlock => ({ type: 'divider' });

/**
 * Someone's own words as a mrkdwn quote: `&`, `<` and `>` escaped (no link, mention or formatting can
 * ride in them), every line quoted, cut to `max` characters.
 */
export function quote(words: string, max: number): string {
  const escaped = clip(words, max).replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch]!);
  return `>${escaped.replace(/\n/g, '\n>')}`;
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value: clip(value, 150) };
}

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): { type: 'button'; text: ReturnType<typeof plain>; action_id: string; value: string; style?: 'primary' | 'danger' } {
  return { type: 'button', text: plain(text, LIMITS.buttonText), action_id: actionId, value, ...(style ? { style } : {}) };
}

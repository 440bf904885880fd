import { expect } from 'vitest';
import { waitFor, type SlackTestApp } from './slack-app.js';

/** App Home as a person sees it: its blocks, the lines under a heading and their buttons. */

export interface HomeBlock {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id: string; value?: string; text?: { text: string } };
  elements?: { action_id: string; value?: string; text?: { text: string } }[];
  element?: Record<string, unknown>;
}

export async function openHome(app: SlackTestApp, userId: string): Promise<HomeBlock[]> {
  const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === userId);
  const before = published().length;
  expect((await app.user.event({ type: 'app_home_opened', user: userId, tab: 'home' })).status).toBe(200);
  const call = await waitFor(() => (published().length > before ? published().at(-1) : null));
  return (call.body.view as { blocks: HomeBlock[] }).blocks;
}

/** The lines under a heading of App Home, with the buttons of each (the accessory, or the actions block after it). */
export function listUnder(blocks: HomeBlock[], heading: string): { text: string; buttons: { id: string; value: string; label: string }[] }[] | null {
  const start = blocks.findIndex((b) => b.text?.text.startsWith(`*${heading}*`));
  if (start < 0) return null;
  const lines: { text: string; buttons: { id: string; value: string; label: string }[] }[] = [];
  for (const b of blocks.slice(start + 1)) {
    if (b.type === 'section' && /^\*[^*]+\* \(\d+\)/.test(b.text?.text ?? '')) break;
    if (b.type === 'divider') break;
    const asButton = (e: { action_id: string; value?: string; text?: { text: string } }) => ({ id: e.action_id, value: e.value ?? '', label: e.text?.text ?? '' });
    if (b.type === 'section') lines.push({ text: b.text!.text, buttons: b.accessory ? [asButton(b.accessory)] : [] });
    if (b.type === 'actions' && lines.length > 0) lines.at(-1)!.buttons.push(...b.elements!.map(asButton));
  }
  return lines;
}

export const headingOf = (blocks: HomeBlock[], heading: string) => blocks.find((b) => b.text?.text.startsWith(`*${heading}`))?.text?.text ?? null;

/** What went to Slack as a message (posted, updated, published): not the modals opened for one person. */
export const messagesSent = (app: SlackTestApp) =>
  JSON.stringify(app.standIn.calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish'].includes(c.method)).map((c) => c.body));


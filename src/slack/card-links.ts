import type { OutboxPayload } from '../db/types.js';

/**
 * Links to case cards in queued messages. A message rendered before its case's card is posted (a
 * backdated case's first alerts) names the card by a placeholder address; the delivery, which sends
 * an alert only after its case's card is posted (see `outboxRepository.claim`), puts the card's
 * permalink in its place at send time. `.invalid` is reserved (RFC 2606): it can never be a real page.
 */
const PLACEHOLDER = 'https://opinion-desk.invalid/card/';
const PLACEHOLDER_PATTERN = /https:\/\/opinion-desk\.invalid\/card\/(\d+)/g;

export const pendingCardLink = (caseId: number) => `${PLACEHOLDER}${caseId}`;

/** The link of each case's card: its permalink when known, else the placeholder the delivery resolves. */
export function cardLinks(caseIds: readonly number[], known: ReadonlyMap<number, string>): Map<number, string> {
  return new Map(caseIds.map((id) => [id, known.get(id) ?? pendingCardLink(id)]));
}

/** The cases whose card a queued message names by placeholder. */
export function placeholderCases(payload: OutboxPayload): number[] {
  const ids = new Set<number>();
  for (const match of JSON.stringify(payload).matchAll(PLACEHOLDER_PATTERN)) ids.add(Number(match[1]));
  return [...ids];
}

type Element = { url?: string };
type Block = { type?: string; elements?: Element[]; accessory?: Element };

/**
 * The message with every placeholder replaced by its card's permalink. A card Slack never gave a
 * permalink for (its post failed for good) leaves the reference as plain words and no link button.
 */
export function resolveCardLinks(payload: OutboxPayload, permalinks: ReadonlyMap<number, string>): OutboxPayload {
  const linkOf = (url: string | undefined) => {
    const match = url?.match(/^https:\/\/opinion-desk\.invalid\/card\/(\d+)$/);
    return match ? (permalinks.get(Number(match[1])) ?? null) : url;
  };
  const blocks = (payload.blocks as Block[] | undefined)?.flatMap((block): Block[] => {
    let b: Block = block;
    if (b.accessory?.url !== undefined) {
      const url = linkOf(b.accessory.url);
      b = url === null ? withoutAccessory(b) : { ...b, accessory: { ...b.accessory, url } };
    }
    if (Array.isArray(b.elements)) {
      const elements = b.elements.flatMap((e) => {
        if (e.url === undefined) return [e];
        const url = linkOf(e.url);
        return url === null ? [] : [{ ...e, url }];
      });
      if (elements.length === 0 && b.type === 'actions') return [];
      b = { ...b, elements };
    }
    return [b];
  });
  const resolved = { ...payload, ...(blocks ? { blocks } : {}) };
  // mrkdwn links `<placeholder|SO-2026-0001>` (in any text) become the permalink, or the words alone.
  const text = JSON.stringify(resolved).replace(/<https:\/\/opinion-desk\.invalid\/card\/(\d+)\|([^>]*)>/g, (_all, id: string, words: string) => {
    const link = permalinks.get(Number(id));
    return link ? `<${link}|${words}>` : words;
  });
  return JSON.parse(text) as OutboxPayload;
}

function withoutAccessory(b: Block): Block {
  const { accessory: _dropped, ...rest } = b;
  return rest;
}

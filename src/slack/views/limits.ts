/** Block Kit limits (Slack's documented maximums for blocks, texts and options), enforced in one place. */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  options: 100,
  modalTitle: 24,
  /** Placeholders of inputs, selects and pickers. */
  placeholder: 150,
  privateMetadata: 3000,
  /** Slack may refuse a message whose blocks add up to more than about 13k characters. */
  messageChars: 12_000,
} as const;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Lines joined into one text that stays within `maxChars`, cutting with "… and N more". `hidden`
 * counts items that were never turned into lines (a list read with a limit).
 */
export function joinLines(lines: readonly string[], maxChars: number, more: (n: number) => string, hidden = 0): string {
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const notShown = lines.length - i + hidden;
    const last = i === lines.length - 1 && hidden === 0;
    // Room is kept for the "more" line unless this is the very last item.
    if (used + line.length + 1 + (last ? 0 : more(notShown).length + 1) > maxChars) {
      kept.push(more(notShown));
      return kept.join('\n');
    }
    kept.push(line);
    used += line.length + 1;
  }
  if (hidden > 0) kept.push(more(hidden));
  return kept.join('\n');
}

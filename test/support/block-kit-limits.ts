import type { RecordedCall } from './slack-stand-in.js';

/**
 * Checks a recorded payload against Slack's Block Kit limits (PLATFORM.md) and answers every
 * violation found: an empty list means Slack would accept it.
 */
export function blockKitViolations(call: RecordedCall): string[] {
  const problems: string[] = [];
  const isView = call.method.startsWith('views.');
  const view = (isView ? call.body.view : null) as Record<string, unknown> | null;
  const blocks = ((isView ? view?.blocks : call.body.blocks) ?? []) as Record<string, unknown>[];
  const where = `${call.method}`;
  const maxBlocks = isView ? 100 : 50;
  if (blocks.length > maxBlocks) problems.push(`${where}: ${blocks.length} blocks > ${maxBlocks}`);
  if (!isView && JSON.stringify(blocks).length > 13_000) problems.push(`${where}: blocks total ${JSON.stringify(blocks).length} chars`);
  const textOf = (t: unknown) => (t && typeof t === 'object' ? String((t as { text?: unknown }).text ?? '') : '');
  for (const b of blocks) {
    if (b.type === 'section') {
      if (textOf(b.text).length > 3000) problems.push(`${where}: section text ${textOf(b.text).length} > 3000`);
      const fields = (b.fields ?? []) as unknown[];
      if (fields.length > 10) problems.push(`${where}: ${fields.length} fields > 10`);
      for (const f of fields) if (textOf(f).length > 2000) problems.push(`${where}: field > 2000`);
    }
    if (b.type === 'header' && textOf(b.text).length > 150) problems.push(`${where}: header > 150`);
    if (b.type === 'actions') {
      const elements = (b.elements ?? []) as Record<string, unknown>[];
      if (elements.length > 25) problems.push(`${where}: ${elements.length} elements > 25`);
      for (const e of elements) {
        if (textOf(e.text).length > 75) problems.push(`${where}: button text > 75`);
        if (String(e.value ?? '').length > 2000) problems.push(`${where}: button value > 2000`);
        if (String(e.action_id ?? '').length > 255) problems.push(`${where}: action_id > 255`);
      }
    }
    if (b.type === 'input') {
      const el = (b.element ?? {}) as Record<string, unknown>;
      const options = (el.options ?? []) as Record<string, unknown>[];
      if (options.length > 100) problems.push(`${where}: ${options.length} options > 100`);
      for (const o of options) {
        if (textOf(o.text).length > 75) problems.push(`${where}: option text > 75`);
        if (String(o.value ?? '').length > 150) problems.push(`${where}: option value > 150`);
      }
    }
    if (String(b.block_id ?? '').length > 255) problems.push(`${where}: block_id > 255`);
  }
  if (view) {
    for (const key of ['title', 'submit', 'close'] as const) {
      if (textOf(view[key]).length > 24) problems.push(`${where}: modal ${key} > 24`);
    }
    if (String(view.private_metadata ?? '').length > 3000) problems.push(`${where}: private_metadata > 3000`);
  }
  if (typeof call.body.text === 'string' && call.body.text.length > 40_000) problems.push(`${where}: text > 40000`);
  return problems;
}

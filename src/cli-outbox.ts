import type { Config } from './config.js';
import { createDb } from './db/database.js';
import { outboxRepository } from './db/repositories/outbox.js';
import { systemClock } from './clock.js';

export const OUTBOX_USAGE = `  npm run cli -- outbox list [--json]          Slack messages that failed for good (e.g. channel_not_found)
  npm run cli -- outbox retry [<id>...]        puts them (all, or those named) back in the queue`;

export class OutboxUsageError extends Error {}

const LIST_LIMIT = 1_000;

/** `outbox list|retry`: failed outbound Slack messages, for an operator who fixed the cause. */
export async function outboxCommand(config: Config, args: readonly string[], flags: { json: boolean }): Promise<void> {
  const [verb, ...rest] = args;
  if (verb !== 'list' && verb !== 'retry') throw new OutboxUsageError(`unknown command "outbox ${verb ?? ''}"`);
  const ids = rest.map((text) => {
    if (!/^\d{1,15}$/.test(text)) throw new OutboxUsageError(`"${text}" is not a message id (see outbox list)`);
    return Number(text);
  });
  if (verb === 'list' && ids.length > 0) throw new OutboxUsageError('outbox list takes no ids');
  const db = createDb(config.databaseUrl, 1);
  try {
    const outbox = outboxRepository(db);
    if (verb === 'retry') {
      const n = await outbox.requeueFailed(systemClock.now(), ids.length > 0 ? ids : null);
      console.log(`${n} message${n === 1 ? '' : 's'} back in the queue: a running worker sends ${n === 1 ? 'it' : 'them'} in order.`);
      return;
    }
    const rows = await outbox.failed(LIST_LIMIT);
    if (flags.json) {
      const json = rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        case: r.reference,
        target: r.target,
        attempts: r.attempts,
        error: r.last_error,
        createdAt: r.created_at.toISOString(),
      }));
      console.log(JSON.stringify(json, null, 2));
      return;
    }
    if (rows.length === 0) {
      console.log('No failed messages.');
      return;
    }
    const table = [
      ['id', 'kind', 'case', 'target', 'attempts', 'created', 'error'],
      ...rows.map((r) => [String(r.id), r.kind, r.reference ?? '-', r.target ?? '-', String(r.attempts), r.created_at.toISOString(), r.last_error ?? '']),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    console.log(`${rows.length} failed message${rows.length === 1 ? '' : 's'}${rows.length === LIST_LIMIT ? ' (the oldest shown)' : ''}. Retry with: npm run cli -- outbox retry [<id>...]`);
  } finally {
    await db.destroy();
  }
}

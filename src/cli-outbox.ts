import type { Config } from './config.js';
import { createDb } from './db/database.js';
import { outboxRepository } from './db/repositories/outbox.js';
import { systemClock } from './clock.js';
import { messages } from './i18n/messages.js';

export class OutboxUsageError extends Error {}

const LIST_LIMIT = 1_000;

/** `outbox list|retry`: failed outbound Slack messages, for an operator who fixed the cause. */
export async function outboxCommand(config: Config, args: readonly string[], flags: { json: boolean }): Promise<void> {
  const say = messages(config.locale).cli;
  const [verb, ...rest] = args;
  if (verb !== 'list' && verb !== 'retry') throw new OutboxUsageError(say.usageErrors.unknownCommand(`outbox ${verb ?? ''}`));
  const ids = rest.map((text) => {
    if (!/^\d{1,15}$/.test(text)) throw new OutboxUsageError(say.usageErrors.notAMessageId(text));
    return Number(text);
  });
  if (verb === 'list' && ids.length > 0) throw new OutboxUsageError(say.usageErrors.listTakesNoIds);
  const db = createDb(config.databaseUrl, 1);
  try {
    const outbox = outboxRepository(db);
    if (verb === 'retry') {
      const n = await outbox.requeueFailed(systemClock.now(), ids.length > 0 ? ids : null);
      console.log(say.outbox.requeued(n));
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
      console.log(say.outbox.none);
      return;
    }
    const table = [
      say.outbox.columns,
      ...rows.map((r) => [String(r.id), r.kind, r.reference ?? '-', r.target ?? '-', String(r.attempts), r.created_at.toISOString(), r.last_error ?? '']),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    console.log(say.outbox.count(rows.length, rows.length === LIST_LIMIT));
  } finally {
    await db.destroy();
  }
}

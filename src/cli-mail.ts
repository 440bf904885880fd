import type { Config } from './config.js';
import { createDb } from './db/database.js';
import { mailOutboxRepository } from './db/repositories/mail-outbox.js';
import { OutboxUsageError } from './cli-outbox.js';
import { messages } from './i18n/messages.js';

const LIST_LIMIT = 1_000;

/**
 * `mail list|retry`: e-mails to applicants, for an operator (SPEC section 10). What, for which case,
 * its state and the server's code; never the address, the subject or the text.
 */
export async function mailCommand(config: Config, args: readonly string[], flags: { json: boolean; all: boolean }): Promise<void> {
  const say = messages(config.locale).cli;
  const [verb, ...rest] = args;
  if (verb !== 'list' && verb !== 'retry') throw new OutboxUsageError(say.usageErrors.unknownCommand(`mail ${verb ?? ''}`));
  const ids = rest.map((text) => {
    if (!/^\d{1,9}$/.test(text)) throw new OutboxUsageError(say.usageErrors.notAMailId(text));
    return Number(text);
  });
  if (verb === 'list' && ids.length > 0) throw new OutboxUsageError(say.usageErrors.mailListTakesNoIds);
  const db = createDb(config.databaseUrl, 1);
  try {
    const outbox = mailOutboxRepository(db);
    if (verb === 'retry') {
      const n = (await outbox.requeueFailed(Date.now(), ids.length > 0 ? ids : null)).length;
      console.log(say.mail.requeued(n));
      return;
    }
    const rows = await outbox.list(flags.all ? ['pending', 'failed'] : ['failed'], LIST_LIMIT);
    if (flags.json) {
      const json = rows.map((r) => ({
        id: r.id,
        case: r.reference,
        kind: r.kind,
        status: r.status,
        attempts: r.attempts,
        error: r.last_error,
        dueAt: new Date(r.due_at).toISOString(),
        messageId: r.message_id,
      }));
      console.log(JSON.stringify(json, null, 2));
      return;
    }
    if (rows.length === 0) {
      console.log(flags.all ? say.mail.noneQueued : say.mail.none);
      return;
    }
    const table = [
      say.mail.columns,
      ...rows.map((r) => [String(r.id), r.reference, r.kind, r.status, String(r.attempts), new Date(r.due_at).toISOString(), r.last_error ?? '']),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    console.log(say.mail.count(rows.length, rows.length === LIST_LIMIT));
  } finally {
    await db.destroy();
  }
}

import type { Config } from './config.js';
import { createDb } from './db/database.js';
import { mailOutboxRepository } from './db/repositories/mail-outbox.js';
import { OutboxUsageError } from './cli-outbox.js';

export const MAIL_USAGE = `  npm run cli -- mail list [--all] [--json]     e-mails to applicants that failed (with --all: queued and failed too)
  npm run cli -- mail retry [<id>...]          puts failed e-mails (all, or those named) back in the queue`;

const LIST_LIMIT = 1_000;

/**
 * `mail list|retry`: e-mails to applicants, for an operator (SPEC section 10). What, for which case,
 * its state and the server's code; never the address, the subject or the text.
 */
export async function mailCommand(config: Config, args: readonly string[], flags: { json: boolean; all: boolean }): Promise<void> {
  const [verb, ...rest] = args;
  if (verb !== 'list' && verb !== 'retry') throw new OutboxUsageError(`unknown command "mail ${verb ?? ''}"`);
  const ids = rest.map((text) => {
    if (!/^\d{1,9}$/.test(text)) throw new OutboxUsageError(`"${text}" is not an e-mail id (see mail list)`);
    return Number(text);
  });
  if (verb === 'list' && ids.length > 0) throw new OutboxUsageError('mail list takes no ids');
  const db = createDb(config.databaseUrl, 1);
  try {
    const outbox = mailOutboxRepository(db);
    if (verb === 'retry') {
      const n = (await outbox.requeueFailed(Date.now(), ids.length > 0 ? ids : null)).length;
      console.log(`${n} e-mail${n === 1 ? '' : 's'} back in the queue: a running process with MAIL_SMTP_URL sends ${n === 1 ? 'it' : 'them'}.`);
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
      console.log(flags.all ? 'No e-mail queued or failed.' : 'No failed e-mails.');
      return;
    }
    const table = [
      ['id', 'case', 'kind', 'status', 'attempts', 'due', 'error'],
      ...rows.map((r) => [String(r.id), r.reference, r.kind, r.status, String(r.attempts), new Date(r.due_at).toISOString(), r.last_error ?? '']),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    console.log(`${rows.length} e-mail${rows.length === 1 ? '' : 's'}${rows.length === LIST_LIMIT ? ' (the oldest shown)' : ''}. Retry failed ones with: npm run cli -- mail retry [<id>...]`);
  } finally {
    await db.destroy();
  }
}

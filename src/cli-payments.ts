import { configuredAreaLabels } from './i18n/area-labels.js';
import { statementReporter } from './slack/bank-notices.js';
import { renderContext } from './slack/deps.js';
import { open } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { withCases } from './cli-services.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { Actor } from './domain/permissions.js';
import { createLogger } from './logger.js';
import { messages } from './i18n/messages.js';
import { statementJson } from './http/statement-json.js';
import { StatementImportService } from './services/statement-import.js';
import { parseStatement } from './statements/parse.js';

export class PaymentsUsageError extends Error {}

/** A file the CLI refused (not there, too large, not a statement): said in the operator's language, exit code 1. */
export class StatementFileError extends Error {}

/**
 * The file's bytes, decompressed when gzip: at most `limit` bytes either way, read without ever
 * holding more (a gzip bomb stops at the limit).
 */
async function readStatementFile(path: string, limit: number, tooLarge: string, say: ReturnType<typeof messages>['cli']['file']): Promise<Buffer> {
  let raw: Buffer;
  try {
    const file = await open(path, 'r');
    try {
      if ((await file.stat()).size > limit) throw new StatementFileError(tooLarge);
      raw = await file.readFile();
    } finally {
      await file.close();
    }
  } catch (err) {
    if (err instanceof StatementFileError) throw err;
    const code = (err as { code?: string }).code ?? String(err);
    throw new StatementFileError(code === 'ENOENT' ? say.missing(path) : code === 'EISDIR' ? say.isFolder(path) : say.unreadable(path, code));
  }
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  try {
    return gunzipSync(raw, { maxOutputLength: limit });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new StatementFileError(tooLarge);
    throw new StatementFileError(say.notGzip(path));
  }
}

/** `payments import <file>`: the same import as `POST /api/v1/payments/statements`, by the operator at the keyboard. */
export async function paymentsCommand(config: Config, args: readonly string[], flags: { json: boolean }): Promise<void> {
  const say = messages(config.locale).cli;
  const [verb, path, ...extra] = args;
  if (verb !== 'import') throw new PaymentsUsageError(say.usageErrors.unknownCommand(`payments ${verb ?? ''}`));
  if (!path || extra.length > 0) throw new PaymentsUsageError(say.usageErrors.importTakesOneFile);
  const m = messages(config.locale).bank;
  const bytes = await readStatementFile(path, config.bank.statementLimitBytes, m.tooLarge(config.bank.statementLimitBytes), say.file);
  const parsed = parseStatement(bytes, null, config.bank.csvColumns);
  if (!parsed.ok) throw new StatementFileError(m.problem(parsed.problem));
  // The history names who typed the command; the import itself acts as `system:bank-statement`.
  const operator: Actor = { id: `cli:${userInfo().username}`, roles: new Set(['coordinator']) };
  await withCases(config, async ({ cases, db, calendar }) => {
    const service = new StatementImportService({
      db,
      cases,
      clock: systemClock,
      toleranceCents: config.bank.matchToleranceCents,
      autoConfirm: config.bank.autoConfirm,
      logger: createLogger(config.logLevel, process.stderr),
    });
    const slack = config.slack;
    if (slack) {
      // As from the API: the coordinators hear of the credits left to match (the app's delivery posts it).
      const ctx = () => renderContext({ locale: config.locale, calendar, clock: systemClock, areaLabels: configuredAreaLabels(config.specialistAreas) });
      service.useReporter(statementReporter({ ctx, routing: slack, nudge: () => undefined }));
    }
    const result = await service.import(parsed.statement, operator);
    const answer = statementJson(result, config.locale);
    if (flags.json) {
      console.log(JSON.stringify(answer, null, 2));
      return;
    }
    for (const e of answer.entries) {
      const amount = m.euro(e.amountCents);
      console.log([String(e.position).padStart(5), e.bankReference ?? '-', amount, e.valueDate, e.outcome, e.caseReference ?? '', e.reason, e.confirmed ? m.autoConfirmed : ''].join('\t').trimEnd());
    }
    console.log(m.cliSummary(answer.counts));
  });
}

import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Actor } from '../domain/permissions.js';
import { messages } from '../i18n/messages.js';
import type { ImportResult, StatementImportService } from '../services/statement-import.js';
import { parseStatement, type CsvColumns, type StatementKind } from '../statements/parse.js';
import { HttpError } from './http-error.js';
import { statementJson } from './statement-json.js';

/** API clients are programs: they read English. */
const m = messages('en').bank;

export interface StatementApiDeps {
  statements: StatementImportService;
  csvColumns: CsvColumns;
  /** The largest file, decompressed (`BANK_STATEMENT_LIMIT_BYTES`). */
  limitBytes: number;
}

/** camt by `application/xml` (or `text/xml`), CSV by `text/csv`; anything else is refused before the body is read. */
function kindOf(req: Request): StatementKind | null {
  if (req.is(['application/xml', 'text/xml', 'application/*+xml'])) return 'camt';
  if (req.is(['text/csv', 'application/csv'])) return 'csv';
  return null;
}

/**
 * `POST /payments/statements` (SPEC section 11): the file is the body, read up to the limit once
 * decompressed (a gzip bomb stops there with a 413), parsed whole before anything is stored; a bad
 * file is a 400 naming its problem.
 */
export function importStatement(deps: StatementApiDeps): (RequestHandler | ErrorRequestHandler)[] {
  return [
    (req: Request, _res: Response, next: NextFunction) => next(kindOf(req) ? undefined : new HttpError(415, m.unsupportedType)),
    express.raw({ type: () => true, limit: deps.limitBytes, inflate: true }),
    (err: unknown, _req: Request, _res: Response, next: NextFunction) =>
      next((err as { type?: string }).type === 'entity.too.large' ? new HttpError(413, m.tooLarge(deps.limitBytes)) : err),
    async (req: Request, res: Response) => {
      const body: unknown = req.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const parsed = parseStatement(bytes, kindOf(req), deps.csvColumns);
      if (!parsed.ok) {
        const message = m.problem(parsed.problem);
        throw new HttpError(400, message, [{ path: 'body', message }]);
      }
      const result: ImportResult = await deps.statements.import(parsed.statement, res.locals.actor as Actor);
      res.status(result.counts.new > 0 ? 201 : 200).json(statementJson(result, 'en'));
    },
  ];
}

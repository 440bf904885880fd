import type { Locale } from '../i18n/locale.js';
import type { AreaLabels } from '../i18n/area-labels.js';
import { refusalMessage } from '../i18n/format.js';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { Refusal, type RefusalCode } from '../domain/refusal.js';
import { isMissing, parseDocumentReceipts, parseNewCase, type FieldIssue } from '../domain/new-case.js';
import type { Actor } from '../domain/permissions.js';
import { messages } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { CaseService } from '../services/cases.js';
import type { ReportService } from '../services/reports.js';
import type { HistoryExportService } from '../services/history-export.js';
import { historyCsv } from '../export/history.js';
import { parseReportPeriod, type PeriodProblem } from '../domain/report-period.js';
import { slaReportCsv, slaReportJson } from '../export/sla-report.js';
import type { ApiClientConfig } from '../api-clients.js';
import { bearerAuthenticator, requireScope } from './auth.js';
import { HttpError, type Issue } from './http-error.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { withWaitDeadline } from '../db/wait-budget.js';
import { openApiText } from './openapi.js';
import { caseJson } from './case-json.js';
import { importStatement, type StatementApiDeps } from './statements-api.js';
import { idempotencyKeyHeader, referenceParam, slaReportQuery, historyQuery } from './schemas.js';

interface ApiDeps {
  cases: CaseService;
  reports: ReportService;
  history: HistoryExportService;
  apiClients: readonly ApiClientConfig[];
  /** What a request may spend waiting for PostgreSQL, all its steps together (DATABASE_TIMEOUT_MS). */
  databaseTimeoutMs: number;
  bodyLimitBytes: number;
  logger: Logger;
  /** The language of labels in CSV files (an area's name beside its id). */
  locale: Locale;
  /** API clients read English; configured areas are named by their labels. */
  areaLabels: AreaLabels;
  /** Bank statements (SPEC section 11). */
  statements: StatementApiDeps;
}

const STATUS_OF: Record<RefusalCode, number> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
  already_claimed: 409,
  conflict: 409,
};

function parse<T extends z.ZodType>(schema: T, value: unknown, message: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(
      400,
      message,
      result.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.path.length > 0 && isMissing(value, i.path) ? messages('en').fieldProblem({ key: 'required' }) : i.message,
      })),
    );
  }
  return result.data;
}

/** Problems found by the domain's validation, worded for API clients (programs: they read English). */
function invalid(what: string, issues: readonly FieldIssue[]): HttpError {
  const worded = issues.map((i) => ({ path: i.path, message: messages('en').fieldProblem(i.problem) }));
  const first = worded[0];
  // An issue of the body as a whole (an unknown field, not an object) has no path to name.
  const where = first?.path ? `${first.path}: ` : '';
  const summary = first ? ` ${where}${first.message}${worded.length > 1 ? ` (and ${worded.length - 1} more)` : ''}` : '';
  return new HttpError(400, `Invalid ${what}.${summary}`, worded);
}

/** The integration API for the centre's web form and document portal (SPEC section 6). */
export function apiRouter(deps: ApiDeps): Router {
  const router = express.Router();
  const authenticate = bearerAuthenticator(deps.apiClients);

  // The description of the API is public: a developer reads it before having a token.
  const document = openApiText();
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });

  // The request's budget for waiting on PostgreSQL runs from its arrival; `route` gives it to the handler.
  router.use((_req, res, next) => {
    res.locals.waitDeadline = performance.now() + deps.databaseTimeoutMs;
    next();
  });
  const route =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response): Promise<void> =>
      withWaitDeadline(res.locals.waitDeadline as number, () => handler(req, res));

  // Authentication comes before the body is read: an unauthenticated caller learns nothing.
  router.use((req, res, next) => {
    const client = authenticate(req.header('authorization'));
    if (!client) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return next(new HttpError(401, 'A valid bearer token is required.'));
    }
    res.locals.apiClient = client;
    res.locals.actor = { id: `api:${client.name}`, roles: new Set(['integration']) } satisfies Actor;
    next();
  });
  // A JSON body is read after the scope is checked: a client outside its scope learns nothing from it.
  const jsonBody = [
    (req: Request, _res: Response, next: NextFunction) =>
      next(req.is('application/json') ? undefined : new HttpError(415, 'The body must be JSON (Content-Type: application/json).')),
    // Not strict: a body of "x" or null is valid JSON, and the domain's validation says it must be an object.
    express.json({ limit: deps.bodyLimitBytes, strict: false }),
  ];

  router.post('/cases', requireScope('cases.write'), jsonBody, route(async (req, res) => {
    const rawKey = req.header('idempotency-key');
    const key = rawKey === undefined ? null : parse(idempotencyKeyHeader, rawKey, 'Invalid Idempotency-Key header.');
    const parsed = parseNewCase(req.body, deps.cases.newCaseRules());
    if (!parsed.ok) throw invalid('case', parsed.issues);
    const { view, created } = await deps.cases.create(parsed.input, res.locals.actor as Actor, key);
    res.status(created ? 201 : 200).location(`/api/v1/cases/${view.reference}`).json(caseJson(view));
  }));

  router.get('/cases/:reference', requireScope('cases.read'), route(async (req, res) => {
    const reference = parse(referenceParam, req.params.reference, 'Invalid reference.');
    res.json(caseJson(await deps.cases.get(reference)));
  }));

  router.post('/cases/:reference/documents', requireScope('cases.write'), jsonBody, route(async (req, res) => {
    const reference = parse(referenceParam, req.params.reference, 'Invalid reference.');
    const parsed = parseDocumentReceipts(req.body, deps.cases.newCaseRules());
    if (!parsed.ok) throw invalid('documents', parsed.issues);
    const { view } = await deps.cases.execute(reference, { type: 'record_documents', documents: parsed.documents }, res.locals.actor as Actor);
    res.json(caseJson(view));
  }));

  router.get('/cases/:reference/history', requireScope('history.read'), route(async (req, res) => {
    const reference = parse(referenceParam, req.params.reference, 'Invalid reference.');
    const { format } = parse(historyQuery, req.query, 'Invalid history query.');
    const history = await deps.history.export(reference);
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${reference}-history.csv`).send(historyCsv(history));
      return;
    }
    res.json(history);
  }));

  router.post('/payments/statements', requireScope('payments.write'), importStatement(deps.statements));

  router.get('/reports/sla', requireScope('reports.read'), route(async (req, res) => {
    const query = parse(slaReportQuery, req.query, 'Invalid report query.');
    const parsed = parseReportPeriod(query, deps.reports.todayIso());
    if (!parsed.ok) throw new HttpError(400, 'Invalid report period.', [PERIOD_ISSUES[parsed.problem]]);
    const report = await deps.reports.sla(parsed.period);
    if (query.format === 'csv') {
      res
        .type('text/csv; charset=utf-8')
        .attachment(`sla-report-${report.period.fromDate}-${report.period.toDate}.csv`)
        .send(slaReportCsv(report, deps.locale));
      return;
    }
    res.json(slaReportJson(report));
  }));

  router.use((req, _res, next) => {
    // A known path asked with another method (PATCH /cases/SO-2026-0001): 405, naming the methods it takes.
    const allowed = allowedMethods(router, req.path);
    if (allowed.length === 0) return next(new HttpError(404, 'No such endpoint.'));
    const path = `${req.baseUrl}${req.path}`;
    next(new HttpError(405, `${req.method} is not allowed on ${path}: it takes ${allowed.join(', ')}.`, [], { Allow: allowed.join(', ') }));
  });

  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body, headers } = errorResponse(err, deps.areaLabels);
    if (status === 503) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err), method: req.method, path: req.route?.path ?? 'unknown' }, 'API request answered 503: PostgreSQL busy or unavailable');
    } else if (status >= 500) deps.logger.error({ err, method: req.method, path: req.route?.path ?? 'unknown' }, 'API request failed');
    res.status(status).set(headers ?? {}).json(body);
  });
  return router;
}

/** The methods the router's routes answer on `path` (HEAD with GET, as Express answers it), in the order declared. */
function allowedMethods(router: Router, path: string): string[] {
  const layers = router.stack as unknown as { route?: { methods: Record<string, boolean> }; match(path: string): unknown }[];
  const methods = new Set<string>();
  for (const layer of layers) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') continue;
      methods.add(method.toUpperCase());
      if (method === 'get') methods.add('HEAD');
    }
  }
  return [...methods];
}

/** What a 503 asks a client to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

const PERIOD_ISSUES: Record<PeriodProblem, Issue> = {
  bad_month: { path: 'from', message: 'a month looks like 2026-11' },
  bad_date: { path: 'from', message: 'from and to are dates like 2026-11-30' },
  only_one_bound: { path: 'to', message: 'give both from and to, or a month in from' },
  ends_before_start: { path: 'to', message: 'to is before from' },
  too_long: { path: 'to', message: 'a report covers at most three years' },
};

function errorResponse(err: unknown, areaLabels: AreaLabels): { status: number; body: { error: string; issues: Issue[] }; headers?: Record<string, string> } {
  if (err instanceof HttpError) return { status: err.status, body: { error: err.message, issues: err.issues }, headers: err.headers };
  if (err instanceof Refusal) {
    // API clients are programs: they read English.
    const message = refusalMessage(err.reason, 'en', areaLabels);
    return {
      status: STATUS_OF[err.code],
      body: { error: message, issues: err.details.field ? [{ path: err.details.field, message }] : [] },
    };
  }
  // Errors of the body parser (body-parser, raw-body, zlib): the client's body, never our fault.
  const { type, status, code } = err as { type?: string; status?: number; code?: string };
  if (type === 'entity.too.large') return { status: 413, body: { error: 'The body is too large.', issues: [] } };
  if (type === 'entity.parse.failed') return { status: 400, body: { error: 'The body is not valid JSON.', issues: [] } };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { status: 415, body: { error: 'Unsupported body encoding.', issues: [] } };
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return { status: 400, body: { error: 'The body is not valid for its Content-Encoding.', issues: [] } };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: 'The body could not be read.', issues: [] } };
  }
  // A wait for PostgreSQL past its bound, or PostgreSQL refusing: nothing wrong with the request; try again soon.
  if (isDatabaseUnavailable(err)) {
    return { status: 503, body: { error: 'The database is busy or unavailable: try again shortly.', issues: [] }, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
  }
  return { status: 500, body: { error: 'Internal error.', issues: [] } };
}

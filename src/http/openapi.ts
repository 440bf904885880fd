import { z } from 'zod';
import { caseResponse, errorResponse, historyResponse, slaReportResponse, statementImportResponse } from './response-schemas.js';
import { DEFAULT_CALENDAR } from '../domain/calendar.js';
import { requestBodySchemas } from '../domain/new-case.js';
import { DEFAULT_PATHOLOGY_AREAS } from '../config.js';
import { historyQuery, idempotencyKeyHeader, referenceParam, slaReportQuery } from './schemas.js';
import { API_SCOPES, DEFAULT_SCOPES, type ApiScope } from '../api-clients.js';

/**
 * The OpenAPI 3.1 document of the integration API, generated from the zod schemas that parse the
 * requests and describe the answers (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses).
 * `docs/openapi.json` is this document, written by `npm run openapi`; a test keeps the two equal.
 */

type JsonSchema = Record<string, unknown>;

/** Request schemas as a client writes them (before defaults and trimming), answers as the server writes them. */
function schema(s: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function queryParameters(s: z.ZodObject): JsonSchema[] {
  const json = schema(s, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, p]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    schema: p,
  }));
}

const json = (ref: string, description: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const error = (description: string) => json('Error', description);
const csv = { 'text/csv': { schema: { type: 'string' } } };
/** What an operation needs (`API_SCOPES`), as its security requirement and its 403. */
const needs = (scope: ApiScope) => ({ security: [{ bearer: [scope] }] });
const outOfScope = (scope: ApiScope) => error(`The token does not have the scope ${scope}`);
/** SPEC section 6, "Bounded waits". */
const unavailable = {
  ...error('PostgreSQL busy or unavailable: a connection, lock or statement waited past DATABASE_TIMEOUT_MS (5 s), or connections are refused'),
  headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } } },
};
const referenceParameter = { name: 'reference', in: 'path', required: true, schema: schema(referenceParam, 'input') };

/** The bodies are parsed by the domain's rules; these are the defaults (areas come from PATHOLOGY_AREAS). */
const RULES = { pathologyAreas: DEFAULT_PATHOLOGY_AREAS, timeZone: DEFAULT_CALENDAR.timeZone, openMinute: DEFAULT_CALENDAR.openMinute, nowMs: 0 };

const RECEIVED_AT = {
  type: 'string',
  maxLength: 64,
  description: 'An instant as people type it: 2026-12-04T16:00:00+01:00, 2026-12-04 16:00 (no offset: the calendar time zone) or a date alone (the opening of that day)',
};

/** Fields checked by a rule rather than a type (dates, areas, instants) get their shape written out. */
function createCaseSchema(): JsonSchema {
  type Shape = { properties: Record<string, unknown> };
  const body = schema(requestBodySchemas.newCase(RULES), 'input') as Shape & {
    properties: { patient: Shape; documents: { items: Shape } };
  };
  body.properties.patient.properties.birthDate = { type: 'string', format: 'date', description: 'YYYY-MM-DD, from 1900 to today' };
  body.properties.pathologyArea = { type: 'string', enum: [...DEFAULT_PATHOLOGY_AREAS], description: 'One of the configured areas (PATHOLOGY_AREAS); these are the defaults' };
  body.properties.documents.items.properties.receivedAt = RECEIVED_AT;
  return body;
}

function documentsSchema(): JsonSchema {
  const body = schema(requestBodySchemas.documentReceipts(RULES), 'input') as { properties: { documents: { items: { properties: Record<string, unknown> } } } };
  body.properties.documents.items.properties.receivedAt = RECEIVED_AT;
  return body;
}

export function openApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'opinion-desk integration API',
      version: '1',
      description:
        'For the centre\'s web form, document portal and quality office. Authenticate with `Authorization: Bearer <token>` ' +
        '(tokens from `API_TOKENS`). Each operation needs a scope (its security requirement); `API_SCOPES` gives each client ' +
        `its scopes (${API_SCOPES.join(', ')}): without it every client has every scope, with it a client it does not name has ` +
        `${DEFAULT_SCOPES.join(' and ')}. A call outside the token's scopes is a 403 naming the scope. ` +
        'Idempotency keys and externalId belong to the client that used them. Errors are `{"error": "…", "issues": [{"path": "…", "message": "…"}]}`; a path asked with a method it does not take is a 405 whose `Allow` header lists those it takes. Instants without ' +
        'an offset are read in the calendar\'s time zone. No answer carries personal data.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/cases': {
        post: {
          summary: 'Create a case (a retry by the same client with the same Idempotency-Key or externalId answers the same case)',
          ...needs('cases.write'),
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: schema(idempotencyKeyHeader, 'input') }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateCase' } } } },
          responses: {
            '201': json('Case', 'The new case'),
            '200': json('Case', 'The case an earlier identical request created'),
            '400': error('Invalid body: each field in issues'),
            '401': error('No valid bearer token'),
            '503': unavailable,
            '403': outOfScope('cases.write'),
            '409': error('The same key or externalId with another body'),
            '413': error('Body too large'),
            '415': error('Not JSON'),
          },
        },
      },
      '/cases/{reference}': {
        get: {
          summary: 'A case: status, checklist, payment, board and SLA',
          ...needs('cases.read'),
          parameters: [referenceParameter],
          responses: {
            '200': json('Case', 'The case'),
            '400': error('Invalid reference'),
            '401': error('No valid bearer token'),
            '503': unavailable,
            '403': outOfScope('cases.read'),
            '404': error('Unknown case'),
          },
        },
      },
      '/cases/{reference}/documents': {
        post: {
          summary: 'Record documents received',
          ...needs('cases.write'),
          parameters: [referenceParameter],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RecordDocuments' } } } },
          responses: {
            '200': json('Case', 'The case'),
            '400': error('Invalid body'),
            '401': error('No valid bearer token'),
            '503': unavailable,
            '403': outOfScope('cases.write'),
            '404': error('Unknown case'),
            '409': error('Not allowed in this state'),
          },
        },
      },
      '/cases/{reference}/history': {
        get: {
          summary: 'The case history: every event with actor, kind, effective and recorded instants and reason, each view of the personal data included',
          ...needs('history.read'),
          parameters: [referenceParameter, ...queryParameters(historyQuery)],
          responses: {
            '200': { description: 'The history (JSON, or CSV with format=csv)', content: { 'application/json': { schema: { $ref: '#/components/schemas/History' } }, ...csv } },
            '400': error('Invalid reference or format'),
            '401': error('No valid bearer token'),
            '503': unavailable,
            '403': outOfScope('history.read'),
            '404': error('Unknown case'),
          },
        },
      },
      '/reports/sla': {
        get: {
          summary: 'The SLA report of a period (default: this month): in all, by pathology area and by doctor',
          ...needs('reports.read'),
          parameters: queryParameters(slaReportQuery),
          responses: {
            '200': { description: 'The report (JSON, or CSV with format=csv)', content: { 'application/json': { schema: { $ref: '#/components/schemas/SlaReport' } }, ...csv } },
            '400': error('Invalid period or format'),
            '401': error('No valid bearer token'),
            '503': unavailable,
            '403': outOfScope('reports.read'),
          },
        },
      },
      '/payments/statements': {
        post: {
          summary:
            'Import a bank statement: a camt.053 or camt.054 file (versions .001.02 to .001.08) or a CSV export (a header row, `,` or `;`, ' +
            'decimal comma or point, columns named by BANK_CSV_COLUMNS). Booked euro credits are matched to the cases whose payment is ' +
            'pending; everything else is counted as skipped. Importing the same or an overlapping statement adds nothing. The file may be ' +
            'sent gzip-compressed (Content-Encoding: gzip) and is limited to BANK_STATEMENT_LIMIT_BYTES once decompressed.',
          ...needs('payments.write'),
          requestBody: {
            required: true,
            content: {
              'application/xml': { schema: { type: 'string', description: 'camt.053 or camt.054, UTF-8' } },
              'text/csv': { schema: { type: 'string', description: 'CSV with a header row, UTF-8' } },
            },
          },
          responses: {
            '201': json('StatementImport', 'Imported: new credits were stored (and matched where a case fits)'),
            '200': json('StatementImport', 'Nothing new: every credit was imported before'),
            '400': error('A malformed file, a camt message other than 053/054 or an unknown version, a CSV without the needed columns, an amount or date that is not one; nothing stored'),
            '401': error('No valid bearer token'),
            '403': outOfScope('payments.write'),
            '413': error('Larger than BANK_STATEMENT_LIMIT_BYTES once decompressed; nothing stored'),
            '415': error('Neither application/xml nor text/csv'),
          },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: `A token of API_TOKENS; scopes: ${API_SCOPES.join(', ')}` } },
      schemas: {
        CreateCase: createCaseSchema(),
        RecordDocuments: documentsSchema(),
        Case: schema(caseResponse, 'output'),
        History: schema(historyResponse, 'output'),
        SlaReport: schema(slaReportResponse, 'output'),
        StatementImport: schema(statementImportResponse, 'output'),
        Error: schema(errorResponse, 'output'),
      },
    },
  };
}

/** The committed file's text: stable key order, two-space indent, final newline. */
export const openApiText = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

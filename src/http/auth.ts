import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { ApiClientConfig, ApiScope } from '../api-clients.js';
import { HttpError } from './http-error.js';

export interface ApiClient {
  name: string;
  scopes: ReadonlySet<ApiScope>;
}

/**
 * Bearer tokens from configuration (`API_TOKENS`, parsed by `parseApiClients`). Every token is
 * compared, in constant time, whatever matches first.
 */
export function bearerAuthenticator(clients: readonly ApiClientConfig[]): (header: string | undefined) => ApiClient | null {
  const tokens = clients.map((c) => ({ client: { name: c.name, scopes: c.scopes }, digest: createHash('sha256').update(c.token).digest() }));
  return (header) => {
    const m = /^Bearer (\S+)$/i.exec(header ?? '');
    if (!m) return null;
    const presented = createHash('sha256').update(m[1]!).digest();
    let found: ApiClient | null = null;
    for (const t of tokens) if (timingSafeEqual(presented, t.digest) && !found) found = t.client;
    return found;
  };
}

/** The client the request was authenticated as (set by the API router before any route runs). */
export function apiClientOf(res: Response): ApiClient {
  const client = res.locals.apiClient as ApiClient | undefined;
  if (!client) throw new Error('apiClientOf: the request was not authenticated');
  return client;
}

/**
 * A route's guard: a client without `scope` gets a 403 naming it, before its body is read.
 * `router.post('/payments/statements', requireScope('payments.write'), …)`.
 */
export function requireScope(scope: ApiScope): RequestHandler {
  return (_req, res, next) => {
    if (apiClientOf(res).scopes.has(scope)) return next();
    next(
      new HttpError(403, `This token does not have the scope ${scope}, which this call needs.`, [{ path: 'Authorization', message: `needs the scope ${scope}` }], {
        // RFC 6750: what a client lacks, readable by programs.
        'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
      }),
    );
  };
}

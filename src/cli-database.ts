import type { DatabaseTarget } from './i18n/cli-en.js';
import type { Locale } from './i18n/locale.js';
import { messages } from './i18n/messages.js';

/** Where `url` points, as the operator needs to read it: host, port, database and user, never the password. */
export function databaseTarget(url: string, dir = process.cwd()): DatabaseTarget {
  const u = new URL(url);
  return {
    host: u.hostname || 'localhost',
    port: u.port || '5432',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres',
    user: decodeURIComponent(u.username) || 'postgres',
    dir,
  };
}

/** The error codes of a failure, the error's own and those it aggregates (Node tries every address of a host). */
function codesOf(err: unknown): string[] {
  const e = err as { code?: unknown; errors?: unknown[] };
  return [...(typeof e?.code === 'string' ? [e.code] : []), ...(Array.isArray(e?.errors) ? e.errors.flatMap(codesOf) : [])];
}

const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'];

/**
 * What the operator should read when a CLI command failed for want of its database, or null when
 * the failure is another one. PostgreSQL's codes: 3D000 no such database, 42P01 no such table,
 * 28P01/28000 authentication.
 */
export function databaseProblem(err: unknown, url: string, locale: Locale): string | null {
  const m = messages(locale).cli.database;
  const codes = codesOf(err);
  let target: DatabaseTarget;
  try {
    target = databaseTarget(url);
  } catch {
    return null;
  }
  if (codes.includes('3D000')) return m.missing(target);
  if (codes.includes('42P01')) return m.noSchema(target);
  if (codes.includes('28P01') || codes.includes('28000')) return m.refused(target);
  const unreachable = codes.find((c) => UNREACHABLE.includes(c));
  return unreachable ? m.unreachable(target, unreachable) : null;
}

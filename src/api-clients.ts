/**
 * The clients of the integration API, as configured (SPEC section 6, "Tokens and scopes"):
 * `API_TOKENS` gives each client its bearer token and name, `API_SCOPES` what it may do.
 * Pure parsing: configuration problems are returned as data (the catalogue words them), and never quote a token.
 */
import type { ApiTokenEntry, ConfigProblem } from './config-problem.js';

export const API_SCOPES = ['cases.read', 'cases.write', 'reports.read', 'history.read', 'payments.write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What a client not named in `API_SCOPES` may do, once `API_SCOPES` is set: the portal's part. */
export const DEFAULT_SCOPES: readonly ApiScope[] = ['cases.read', 'cases.write'];

export const MIN_TOKEN_LENGTH = 16;

export interface ApiClientConfig {
  /** What the case history records as the actor (`api:<name>`), and what owns its idempotency keys. */
  name: string;
  token: string;
  scopes: ReadonlySet<ApiScope>;
}

/** A name is split off an entry only when it looks like one: a token may contain `=` (base64 padding). */
const NAMED_ENTRY = /^([a-z][a-z0-9_-]*)=(.*)$/s;

interface TokenEntry {
  name: string;
  token: string;
  /** How an operator finds the entry again: its position, and its name when it has one. */
  label: ApiTokenEntry;
}

function parseTokenEntries(text: string, problems: ConfigProblem[]): TokenEntry[] {
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  const parsed = entries.map((entry, i): TokenEntry => {
    const named = NAMED_ENTRY.exec(entry);
    const name = named ? named[1]! : `client-${i + 1}`;
    const token = named ? named[2]! : entry;
    // `abcdefghijklmnop==` reads as a name and "=": that "name" is the secret, so it is not repeated.
    const secretAsName = named !== null && /^=*$/.test(token);
    return { name, token, label: { index: i + 1, name: named && !secretAsName ? name : null } };
  });
  for (const e of parsed) {
    if (e.token.length < MIN_TOKEN_LENGTH) {
      problems.push({ variable: 'API_TOKENS', problem: { key: 'token_short', entry: e.label, length: e.token.length, min: MIN_TOKEN_LENGTH, padding: /^=*$/.test(e.token) } });
    } else if (/\s/.test(e.token)) {
      problems.push({ variable: 'API_TOKENS', problem: { key: 'token_space', entry: e.label } });
    }
  }
  const byName = new Map<string, TokenEntry[]>();
  const byToken = new Map<string, TokenEntry[]>();
  // Entries already refused are left out: what reads as their name may be their secret.
  for (const e of parsed.filter((p) => p.token.length >= MIN_TOKEN_LENGTH)) {
    byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
    byToken.set(e.token, [...(byToken.get(e.token) ?? []), e]);
  }
  for (const [name, same] of byName) {
    if (same.length > 1) problems.push({ variable: 'API_TOKENS', problem: { key: 'name_twice', name, entries: same.map((e) => e.label) } });
  }
  for (const same of byToken.values()) {
    if (same.length > 1) problems.push({ variable: 'API_TOKENS', problem: { key: 'token_twice', entries: same.map((e) => e.label) } });
  }
  return parsed;
}

function isScope(s: string): s is ApiScope {
  return (API_SCOPES as readonly string[]).includes(s);
}

/** `portal:cases.read+cases.write;quality:reports.read+history.read`, checked against the clients' names. */
function parseScopes(text: string, names: ReadonlySet<string>, problems: ConfigProblem[]): Map<string, Set<ApiScope>> {
  const scopes = new Map<string, Set<ApiScope>>();
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    const name = colon < 0 ? '' : part.slice(0, colon).trim();
    const listed = colon < 0 ? [] : part.slice(colon + 1).split('+').map((s) => s.trim()).filter(Boolean);
    if (!name || listed.length === 0) {
      problems.push({ variable: 'API_SCOPES', problem: { key: 'scopes_form', part } });
      continue;
    }
    if (!names.has(name)) problems.push({ variable: 'API_SCOPES', problem: { key: 'scopes_client', name } });
    if (scopes.has(name)) problems.push({ variable: 'API_SCOPES', problem: { key: 'scopes_twice', name } });
    const unknown = listed.filter((s) => !isScope(s));
    if (unknown.length > 0) problems.push({ variable: 'API_SCOPES', problem: { key: 'scope_unknown', name, unknown, known: [...API_SCOPES] } });
    scopes.set(name, new Set(listed.filter(isScope)));
  }
  return scopes;
}

/**
 * The configured clients. Without `API_SCOPES` every client has every scope (a small site with one
 * token); with it, a client it does not name has `DEFAULT_SCOPES`.
 */
export function parseApiClients(tokensText: string | undefined, scopesText: string | undefined): { clients: ApiClientConfig[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const entries = parseTokenEntries(tokensText ?? '', problems);
  const restricted = scopesText !== undefined && scopesText.trim() !== '';
  const scopes = restricted ? parseScopes(scopesText, new Set(entries.map((e) => e.name)), problems) : new Map<string, Set<ApiScope>>();
  const clients = entries.map(({ name, token }) => ({
    name,
    token,
    scopes: new Set(restricted ? (scopes.get(name) ?? DEFAULT_SCOPES) : API_SCOPES),
  }));
  return { clients, problems };
}

import { createHash, timingSafeEqual } from 'node:crypto';

export interface ApiClient {
  name: string;
}

/**
 * Bearer tokens from configuration. An entry is `token` or `name=token`; the name is what the case
 * history records as the actor. Every token is compared, in constant time, whatever matches first.
 */
export function bearerAuthenticator(entries: readonly string[]): (header: string | undefined) => ApiClient | null {
  const tokens = entries.map((entry, i) => {
    const eq = entry.indexOf('=');
    const [name, token] = eq > 0 && eq < entry.length - 1 ? [entry.slice(0, eq), entry.slice(eq + 1)] : [`client-${i + 1}`, entry];
    return { name, digest: createHash('sha256').update(token).digest() };
  });
  return (header) => {
    const m = /^Bearer (\S+)$/i.exec(header ?? '');
    if (!m) return null;
    const presented = createHash('sha256').update(m[1]!).digest();
    let found: ApiClient | null = null;
    for (const t of tokens) if (timingSafeEqual(presented, t.digest) && !found) found = { name: t.name };
    return found;
  };
}

import { ENV_VARIABLES } from './config.js';

/**
 * Variables under one of our prefixes that the configuration does not know: almost always a typo
 * (`SLA_HOLDAYS`), and a typo silently leaves the default in force (Italy's holidays instead of the
 * ones meant). They are warnings, not errors: another program on the same host may own such a name.
 * The known names are the configuration schema's own (`ENV_VARIABLES`), never a second list.
 */
export const WATCHED_PREFIXES = ['SLA_', 'NOTIFY_', 'PRICE_', 'SLACK_', 'MAIL_', 'API_', 'BANK_', 'PAYMENTS_', 'METRICS_'] as const;

export interface UnknownVariable {
  name: string;
  /** The known name closest to it (fewest edits; among names of the same prefix first). */
  closest: string;
}

/** Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function closestKnown(name: string, known: readonly string[]): string {
  const prefix = WATCHED_PREFIXES.find((p) => name.startsWith(p));
  const samePrefix = known.filter((k) => prefix !== undefined && k.startsWith(prefix));
  const candidates = samePrefix.length > 0 ? samePrefix : known;
  let best = candidates[0]!;
  let bestDistance = Infinity;
  for (const k of candidates) {
    const distance = editDistance(name, k);
    if (distance < bestDistance) [best, bestDistance] = [k, distance];
  }
  return best;
}

/** The variables of `env` that look like ours but are not (sorted by name). */
export function unknownVariables(env: Record<string, string | undefined>, known: readonly string[] = ENV_VARIABLES): UnknownVariable[] {
  const knownSet = new Set(known);
  return Object.keys(env)
    .filter((name) => WATCHED_PREFIXES.some((p) => name.startsWith(p)) && !knownSet.has(name))
    .sort()
    .map((name) => ({ name, closest: closestKnown(name, known) }));
}

export function unknownVariableMessage(v: UnknownVariable): string {
  return `${v.name} is not a setting opinion-desk knows and is ignored: did you mean ${v.closest}?`;
}

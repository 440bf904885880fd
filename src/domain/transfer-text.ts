/**
 * What a bank transfer's free texts say, read the same way on both sides (SPEC section 11): the
 * remittance text and the payer's name of a credit, the patient's and the representative's names of
 * a case. Case, accents, punctuation and word order do not matter: "ROSSI, MARIO - cnao 2nd" and
 * "Mario Rossì" name the same person. Pure: no I/O; the names never leave the server.
 */

/** The longest name (in words) a remittance text is searched for; a longer name is read by its first words. */
export const MAX_NAME_WORDS = 6;

/** Courtesy titles a bank puts before a payer's name ("SIG. ROSSI MARIO"): not part of the name. */
export const TITLES = new Set(['sig', 'sigra', 'signor', 'signora', 'sigg', 'dott', 'dottssa', 'dottoressa', 'dr', 'mr', 'mrs', 'ms', 'miss', 'prof', 'avv', 'ing']);

/**
 * The words of a text, normalised: lower case, accents and other marks removed (NFKD), apostrophes
 * joining ("D'Angelo" and "DANGELO" agree), every other character that is not a letter or digit a
 * separator.
 */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`´ʼ]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** A person's name as a key: its words, titles dropped, sorted, so word order does not matter. Null when nothing is left. */
export function nameKey(name: string): string | null {
  const ws = words(name).filter((w) => !TITLES.has(w)).slice(0, MAX_NAME_WORDS);
  return ws.length === 0 ? null : [...ws].sort().join(' ');
}

/**
 * Every name a text may contain, as keys: each run of 1 to `MAX_NAME_WORDS` consecutive words,
 * sorted. A name is named by the text exactly when its key is among these (the words of the name
 * together, in any order). The database looks cases up by these keys, so a remittance text is
 * compared only with the cases whose names it contains.
 */
export function textNameKeys(text: string): string[] {
  const ws = words(text);
  const keys = new Set<string>();
  for (let start = 0; start < ws.length; start++) {
    for (let len = 1; len <= MAX_NAME_WORDS && start + len <= ws.length; len++) {
      keys.add([...ws.slice(start, start + len)].sort().join(' '));
    }
  }
  return [...keys];
}

/** Whether the text names this person (see `textNameKeys`). */
export function textNames(text: string, name: string): boolean {
  const key = nameKey(name);
  if (key === null) return false;
  const count = key.split(' ').length;
  const ws = words(text);
  for (let start = 0; start + count <= ws.length; start++) {
    if ([...ws.slice(start, start + count)].sort().join(' ') === key) return true;
  }
  return false;
}

/** Whether two names are the same person's, as far as their words go (word order, titles, accents aside). */
export function sameName(a: string, b: string): boolean {
  const ka = nameKey(a);
  return ka !== null && ka === nameKey(b);
}

/** "second opinion" in the words of the service page and of the Italian staff; ordering aside. */
const SECOND_OPINION: readonly (readonly string[])[] = [
  ['second', 'opinion'],
  ['seconda', 'opinione'],
  ['secondo', 'parere'],
];

/** Whether the text says the transfer pays for a second opinion. */
export function mentionsSecondOpinion(text: string): boolean {
  const ws = new Set(words(text));
  return SECOND_OPINION.some((phrase) => phrase.every((w) => ws.has(w)));
}

/**
 * The case references a text names, written as the app writes them (`SO-2026-0007`). Banks drop
 * or change the separators ("SO 2026 0007", "SO2026/7", "so-2026-07"): any of them is read.
 */
export function referencesIn(text: string): string[] {
  const found = new Set<string>();
  const plain = text.normalize('NFKD').toUpperCase();
  for (const m of plain.matchAll(/(?<![A-Z0-9])SO[\s\-_/.:]*(\d{4})[\s\-_/.:]*(\d{1,7})(?!\d)/g)) {
    const [, year, seq] = m;
    const n = Number(seq);
    if (n === 0) continue;
    found.add(`SO-${year}-${String(n).padStart(4, '0')}`);
    // As written too: a reference past 9999 in a year, or one written with its leading zeros kept.
    found.add(`SO-${year}-${seq}`);
  }
  return [...found];
}

/** The keys a case is found by: its patient's and its applicant's names. */
export function caseNameKeys(patientName: string, applicantName: string | null): string[] {
  return [...new Set([nameKey(patientName), applicantName === null ? null : nameKey(applicantName)].filter((k): k is string => k !== null))];
}

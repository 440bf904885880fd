/** The most of a typed word an answer repeats back: enough to recognise it, never a wall of text. */
export const ECHO_MAX_CHARACTERS = 30;

/** A word the user typed, as an answer repeats it: clipped with "…" past `ECHO_MAX_CHARACTERS`, never splitting a character. */
export function echoed(typed: string): string {
  if (typed.length <= ECHO_MAX_CHARACTERS) return typed;
  const characters = Array.from(typed.slice(0, ECHO_MAX_CHARACTERS * 2));
  return characters.length <= ECHO_MAX_CHARACTERS ? typed : `${characters.slice(0, ECHO_MAX_CHARACTERS).join('')}…`;
}

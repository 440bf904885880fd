/**
 * Rules every text from outside obeys, whether it comes through the API or a Slack modal: no
 * control characters (they corrupt logs and exports, and PostgreSQL refuses NUL) and the same
 * length limits. Problems are data; the message catalogue words them for the reader.
 */

/** C0 controls except tab, line feed and carriage return; DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const TEXT_LIMITS = {
  name: 200,
  email: 254,
  phone: 40,
  taxCode: 32,
  notes: 10_000,
  externalId: 200,
  /** Reasons (rejection, cancellation, accepted mismatch) and the bank reference. */
  reason: 1_000,
  bankReference: 100,
  question: 3_000,
  courierTracking: 60,
} as const;

export type FieldProblem =
  | { key: 'required' }
  | { key: 'too_long'; max: number }
  | { key: 'control_characters' }
  | { key: 'invalid_email' }
  | { key: 'invalid_choice'; options: readonly string[] }
  | { key: 'unknown_field'; fields: readonly string[] }
  | { key: 'unknown_area'; areas: readonly string[] }
  | { key: 'invalid_birth_date' }
  | { key: 'invalid_instant' }
  | { key: 'invalid' }
  /** The body itself is not an object (an array, a string…). */
  | { key: 'not_an_object' };

/** The problem with a free text a person typed, or null: used for texts that are not part of a zod body. */
export function textProblem(value: string, max: number): FieldProblem | null {
  if (CONTROL_CHARACTERS.test(value)) return { key: 'control_characters' };
  if (value.trim().length > max) return { key: 'too_long', max };
  return null;
}

/** A staff member's display name is shown in lists, exports and App Home: one short line. */
export const DISPLAY_NAME_MAX = 80;

/**
 * A display name as Slack sent it in `<@U…|name>`, made safe to show: no control characters, no
 * invisible format characters (bidi overrides that reverse what follows, zero-width joiners), one
 * line, at most `DISPLAY_NAME_MAX` characters; null when nothing is left.
 */
export function cleanDisplayName(raw: string | null): string | null {
  if (raw === null) return null;
  const cleaned = Array.from(raw.slice(0, DISPLAY_NAME_MAX * 8).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').replace(/\s+/g, ' ').trim());
  const clipped = cleaned.slice(0, DISPLAY_NAME_MAX).join('').trim();
  return clipped === '' ? null : clipped;
}

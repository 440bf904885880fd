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
  | { key: 'invalid' };

/** The problem with a free text a person typed, or null: used for texts that are not part of a zod body. */
export function textProblem(value: string, max: number): FieldProblem | null {
  if (CONTROL_CHARACTERS.test(value)) return { key: 'control_characters' };
  if (value.trim().length > max) return { key: 'too_long', max };
  return null;
}

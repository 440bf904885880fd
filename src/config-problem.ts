/**
 * A problem of the configuration (the environment, .env, the command line), as data: the catalogue
 * (`i18n/config-en.ts`, `config-it.ts`) words it in the operator's language. A leaf: the settings'
 * parsers and the catalogue import it, and it imports nothing.
 */
export type ConfigProblemKind =
  | { key: 'number'; int: boolean; min: number | null; minInclusive: boolean; max: number | null }
  | { key: 'one_of'; options: string[] }
  | { key: 'url'; example: string }
  | { key: 'starts_with'; prefix: string }
  | { key: 'name_chars' }
  | { key: 'text_length'; max: number }
  | { key: 'time_zone' }
  | { key: 'area_id'; id: string }
  | { key: 'area_labels'; part: string; id: string }
  | { key: 'radiology_needed' }
  | { key: 'weekday'; part: string }
  | { key: 'no_working_day' }
  | { key: 'hours'; value: string }
  | { key: 'holiday_country'; country: string }
  | { key: 'holiday_state'; state: string; country: string }
  | { key: 'holiday_region'; region: string; country: string; state: string }
  | { key: 'cron_fields'; value: string; fields: number }
  | { key: 'cron'; value: string; cause: string }
  | { key: 'closure'; part: string }
  | { key: 'duration'; value: string }
  | { key: 'csv_columns'; count: number; example: string }
  | { key: 'csv_required' }
  | { key: 'user_group' }
  | { key: 'iban' }
  | { key: 'metrics_port_is_port' }
  | { key: 'slack_required'; why: 'configured' | 'http_mode' | 'first_roles' }
  | { key: 'unknown_option'; option: string }
  | { key: 'unknown_role'; role: string; roles: string[] }
  | { key: 'unexpected_argument'; text: string }
  | { key: 'env_file_unreadable'; cause: string }
  | { key: 'invalid' }
  // Mail (SPEC section 10)
  | { key: 'smtp_url' }
  | { key: 'mail_from_required' }
  /** `named`: the example shows a display name (MAIL_FROM). */
  | { key: 'mail_address'; named: boolean }
  | { key: 'imap_url' }
  | { key: 'mail_kinds'; unknown: string[]; known: string[] }
  // API clients (API_TOKENS, API_SCOPES): never a token
  | { key: 'token_short'; entry: ApiTokenEntry; length: number; min: number; padding: boolean }
  | { key: 'token_space'; entry: ApiTokenEntry }
  | { key: 'name_twice'; name: string; entries: ApiTokenEntry[] }
  | { key: 'token_twice'; entries: ApiTokenEntry[] }
  | { key: 'scopes_form'; part: string }
  | { key: 'scopes_client'; name: string }
  | { key: 'scopes_twice'; name: string }
  | { key: 'scope_unknown'; name: string; unknown: string[]; known: string[] };

/** An entry of API_TOKENS as the operator finds it again: its position (from 1), and its name when it has one. */
export interface ApiTokenEntry {
  index: number;
  name: string | null;
}

export interface ConfigProblem {
  /** The variable, or "command line" / ".env". */
  variable: string;
  problem: ConfigProblemKind;
}

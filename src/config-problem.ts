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
  /** Worded where it was found (mail, API clients: not yet in the catalogue). */
  | { key: 'text'; text: string };

export interface ConfigProblem {
  /** The variable, or "command line" / ".env". */
  variable: string;
  problem: ConfigProblemKind;
}

import type { ApiTokenEntry, ConfigProblem } from '../config-problem.js';

/** What the start says about the configuration, in English; its Italian twin is config-it.ts. */

const list = (items: readonly string[]) => items.join(', ');
const quoted = (items: readonly string[]) => items.map((i) => `"${i}"`).join(', ');
const entry = (e: ApiTokenEntry) => (e.name ? `entry ${e.index} (${e.name})` : `entry ${e.index}`);

export const configEn = {
  heading: 'Invalid configuration:',
  /** One problem, "VARIABLE: what is wrong", in words an IT person reads without knowing the code. */
  problem: (configProblem: ConfigProblem): string => `${configProblem.variable}: ${configEnText(configProblem.problem)}`,
};

function configEnText(p: ConfigProblem['problem']): string {
  switch (p.key) {
    case 'number': {
      const what = p.int ? 'a whole number' : 'a number';
      if (p.min !== null && p.max !== null) return `must be ${what} from ${p.min} to ${p.max}`;
      if (p.min !== null) return p.minInclusive ? `must be ${what} of at least ${p.min}` : `must be ${what} greater than ${p.min}`;
      if (p.max !== null) return `must be ${what} of at most ${p.max}`;
      return `must be ${what}`;
    }
    case 'one_of':
      return `must be one of ${list(p.options)}`;
    case 'url':
      return `must be a URL like ${p.example}`;
    case 'starts_with':
      return `must start with ${p.prefix}`;
    case 'name_chars':
      return 'may hold only letters, digits, _ and -';
    case 'text_length':
      return `must be a text of 1 to ${p.max} characters`;
    case 'time_zone':
      return 'is not a time zone: use an IANA name such as Europe/Rome';
    case 'area_id':
      return `"${p.id}" is not an area id like radiology or medical_physics`;
    case 'area_labels':
      return `"${p.part}" needs both labels, like ${p.id}=English label|Etichetta italiana`;
    case 'radiology_needed':
      return 'radiology is needed: image review opens a radiology consult';
    case 'weekday':
      return `"${p.part}" is not a weekday or range like mon-fri`;
    case 'no_working_day':
      return 'at least one working day is needed';
    case 'hours':
      return `"${p.value}" is not a range like 09:00-18:00 (00:00-24:00 for the whole day)`;
    case 'holiday_country':
      return `unknown holiday country "${p.country}": use a date-holidays country[/state[/region]] such as IT or IT/25, or none`;
    case 'holiday_state':
      return `unknown holiday state "${p.state}" of ${p.country}: use a date-holidays country[/state[/region]] such as IT or IT/25, or none`;
    case 'holiday_region':
      return `unknown holiday region "${p.region}" of ${p.country}/${p.state}: use a date-holidays country[/state[/region]] such as IT or IT/25, or none`;
    case 'cron_fields':
      return `"${p.value}" is not a cron pattern like "30 8 * * *" (minute hour day month weekday): it has ${p.fields} field${p.fields === 1 ? '' : 's'}`;
    case 'cron':
      return `"${p.value}" is not a cron pattern like "30 8 * * *" (minute hour day month weekday): ${p.cause}`;
    case 'closure':
      return `"${p.part}" is not MM-DD or YYYY-MM-DD (optionally =name)`;
    case 'duration':
      return `"${p.value}" is not a working duration like 4h, 1d or 1d 2h`;
    case 'csv_columns':
      return `${p.count} comma-separated column names (${p.example}), empty for a column the file lacks`;
    case 'csv_required':
      return 'amount, currency, description and a date (value or booking) need a column name';
    case 'user_group':
      return 'a Slack user group id such as S0123ABCD (Slack: the group\'s menu, "Copy group ID")';
    case 'iban':
      return 'is not an IBAN like IT04J0311111300000000045867';
    case 'metrics_port_is_port':
      return 'is PORT; leave it empty to serve /metrics on PORT, or give it a port of its own';
    case 'slack_required':
      return p.why === 'http_mode'
        ? 'required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)'
        : p.why === 'first_roles'
          ? 'required when Slack is configured (nobody could grant the first roles)'
          : 'required when Slack is configured';
    case 'unknown_option':
      return `unknown option "${p.option}" (usage: [web|worker|all] [--migrate])`;
    case 'unknown_role':
      return `unknown role "${p.role}": use one of ${list(p.roles)}`;
    case 'unexpected_argument':
      return `unexpected "${p.text}" (usage: [web|worker|all] [--migrate])`;
    case 'env_file_unreadable':
      return `cannot be read (${p.cause})`;
    case 'invalid':
      return 'is not a valid value';
    case 'smtp_url':
      return 'is not a URL like smtp://user:password@host:587 or smtps://user:password@host:465';
    case 'mail_from_required':
      return 'required when MAIL_SMTP_URL is set (an address like CNAO Second Opinion <secondopinion@example.org>)';
    case 'mail_address':
      return p.named ? 'is not an address like CNAO Second Opinion <secondopinion@example.org>' : 'is not an e-mail address';
    case 'imap_url':
      return 'is not a URL like imap://user:password@host:143/INBOX or imaps://user:password@host:993/INBOX';
    case 'mail_kinds':
      return `unknown ${quoted(p.unknown)}: use some of ${list(p.known)}`;
    case 'token_short':
      return `${entry(p.entry)}: the token has ${p.length} characters; at least ${p.min} are needed${p.padding ? ' (for a token that ends in = padding, write it as name=token)' : ''}`;
    case 'token_space':
      return `${entry(p.entry)}: the token contains a space, which no Authorization header can carry`;
    case 'name_twice':
      return `the name "${p.name}" is given to ${p.entries.map(entry).join(' and ')}; names are unique`;
    case 'token_twice':
      return `${p.entries.map(entry).join(' and ')} have the same token; tokens are unique`;
    case 'scopes_form':
      return `"${p.part}" is not like client:scope+scope (e.g. portal:cases.read+cases.write)`;
    case 'scopes_client':
      return `"${p.name}" is not the name of a client in API_TOKENS`;
    case 'scopes_twice':
      return `"${p.name}" is listed twice`;
    case 'scope_unknown':
      return `${p.name}: unknown scope ${quoted(p.unknown)} (known: ${list(p.known)})`;
  }
}

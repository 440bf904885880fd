import type { ApiTokenEntry, ConfigProblem } from '../config-problem.js';
import type { configEn } from './config-en.js';

/** Quello che l'avvio dice della configurazione, in italiano. */

const list = (items: readonly string[]) => items.join(', ');
const quoted = (items: readonly string[]) => items.map((i) => `"${i}"`).join(', ');
const entry = (e: ApiTokenEntry) => (e.name ? `voce ${e.index} (${e.name})` : `voce ${e.index}`);
const holidayHint = 'usa un paese[/stato[/regione]] di date-holidays come IT o IT/25, oppure none';
const cronHint = 'non è una pianificazione cron come "30 8 * * *" (minuto ora giorno mese giorno-della-settimana)';

export const configIt: typeof configEn = {
  heading: 'Configurazione non valida:',
  problem: (configProblem: ConfigProblem): string => `${configProblem.variable}: ${configItText(configProblem.problem)}`,
};

function configItText(p: ConfigProblem['problem']): string {
  switch (p.key) {
    case 'number': {
      const what = p.int ? 'un numero intero' : 'un numero';
      if (p.min !== null && p.max !== null) return `deve essere ${what} da ${p.min} a ${p.max}`;
      if (p.min !== null) return p.minInclusive ? `deve essere ${what} non inferiore a ${p.min}` : `deve essere ${what} maggiore di ${p.min}`;
      if (p.max !== null) return `deve essere ${what} non superiore a ${p.max}`;
      return `deve essere ${what}`;
    }
    case 'one_of':
      return `deve essere uno tra ${list(p.options)}`;
    case 'url':
      return `deve essere un URL come ${p.example}`;
    case 'starts_with':
      return `deve iniziare con ${p.prefix}`;
    case 'name_chars':
      return 'può contenere solo lettere, cifre, _ e -';
    case 'text_length':
      return `deve essere un testo da 1 a ${p.max} caratteri`;
    case 'time_zone':
      return 'non è un fuso orario: usa un nome IANA come Europe/Rome';
    case 'area_id':
      return `"${p.id}" non è un identificativo di area come radiology o medical_physics`;
    case 'area_labels':
      return `"${p.part}" richiede entrambe le etichette, come ${p.id}=English label|Etichetta italiana`;
    case 'radiology_needed':
      return 'serve radiology: la revisione delle immagini apre una consulenza di radiologia';
    case 'weekday':
      return `"${p.part}" non è un giorno della settimana o un intervallo come mon-fri`;
    case 'no_working_day':
      return 'serve almeno un giorno lavorativo';
    case 'hours':
      return `"${p.value}" non è un intervallo come 09:00-18:00 (00:00-24:00 per l'intera giornata)`;
    case 'holiday_country':
      return `paese delle festività sconosciuto "${p.country}": ${holidayHint}`;
    case 'holiday_state':
      return `stato delle festività sconosciuto "${p.state}" di ${p.country}: ${holidayHint}`;
    case 'holiday_region':
      return `regione delle festività sconosciuta "${p.region}" di ${p.country}/${p.state}: ${holidayHint}`;
    case 'cron_fields':
      return `"${p.value}" ${cronHint}: ha ${p.fields} ${p.fields === 1 ? 'campo' : 'campi'}`;
    case 'cron':
      return `"${p.value}" ${cronHint}: ${p.cause}`;
    case 'closure':
      return `"${p.part}" non è MM-GG o AAAA-MM-GG (eventualmente =nome)`;
    case 'duration':
      return `"${p.value}" non è una durata lavorativa come 4h, 1d o 1d 2h`;
    case 'csv_columns':
      return `${p.count} nomi di colonna separati da virgole (${p.example}), vuoto per una colonna che il file non ha`;
    case 'csv_required':
      return 'importo, valuta, descrizione e una data (valuta o contabile) richiedono un nome di colonna';
    case 'user_group':
      return 'un id di gruppo utenti Slack come S0123ABCD (in Slack: il menu del gruppo, "Copia ID gruppo")';
    case 'iban':
      return 'non è un IBAN come IT04J0311111300000000045867';
    case 'metrics_port_is_port':
      return 'coincide con PORT; lascialo vuoto per servire /metrics su PORT, oppure dagli una porta sua';
    case 'slack_required':
      return p.why === 'http_mode'
        ? 'obbligatorio in modalità HTTP (oppure imposta SLACK_APP_TOKEN per la Socket Mode)'
        : p.why === 'first_roles'
          ? 'obbligatorio quando Slack è configurato (nessuno potrebbe assegnare i primi ruoli)'
          : 'obbligatorio quando Slack è configurato';
    case 'unknown_option':
      return `opzione sconosciuta "${p.option}" (uso: [web|worker|all] [--migrate])`;
    case 'unknown_role':
      return `ruolo sconosciuto "${p.role}": usa uno tra ${list(p.roles)}`;
    case 'unexpected_argument':
      return `"${p.text}" inatteso (uso: [web|worker|all] [--migrate])`;
    case 'env_file_unreadable':
      return `non si può leggere (${p.cause})`;
    case 'invalid':
      return 'non è un valore valido';
    case 'smtp_url':
      return 'non è un URL come smtp://utente:password@host:587 o smtps://utente:password@host:465';
    case 'mail_from_required':
      return 'obbligatorio quando MAIL_SMTP_URL è impostato (un indirizzo come CNAO Second Opinion <secondopinion@example.org>)';
    case 'mail_address':
      return p.named ? 'non è un indirizzo come CNAO Second Opinion <secondopinion@example.org>' : 'non è un indirizzo e-mail';
    case 'imap_url':
      return 'non è un URL come imap://utente:password@host:143/INBOX o imaps://utente:password@host:993/INBOX';
    case 'mail_kinds':
      return `sconosciuti ${quoted(p.unknown)}: usa alcuni tra ${list(p.known)}`;
    case 'token_short':
      return `${entry(p.entry)}: il token ha ${p.length} caratteri; ne servono almeno ${p.min}${p.padding ? ' (per un token che termina con = di riempimento, scrivilo come nome=token)' : ''}`;
    case 'token_space':
      return `${entry(p.entry)}: il token contiene uno spazio, che nessuna intestazione Authorization può portare`;
    case 'name_twice':
      return `il nome "${p.name}" è dato a ${p.entries.map(entry).join(' e ')}; i nomi devono essere unici`;
    case 'token_twice':
      return `${p.entries.map(entry).join(' e ')} hanno lo stesso token; i token devono essere unici`;
    case 'scopes_form':
      return `"${p.part}" non è nella forma client:ambito+ambito (per es. portal:cases.read+cases.write)`;
    case 'scopes_client':
      return `"${p.name}" non è il nome di un client in API_TOKENS`;
    case 'scopes_twice':
      return `"${p.name}" compare due volte`;
    case 'scope_unknown':
      return `${p.name}: ambito sconosciuto ${quoted(p.unknown)} (noti: ${list(p.known)})`;
  }
}

import type { cliEn, DatabaseTarget } from './cli-en.js';
import { numbers } from './numbers.js';

const { plural } = numbers('it');

/** Quello che la CLI degli operatori (`npm run cli`) scrive, in italiano. */

const pointElsewhere = (t: DatabaseTarget) => `Per usare un altro database imposta DATABASE_URL in ${t.dir}/.env o nell'ambiente.`;

export const cliIt: typeof cliEn = {
  usage: `Uso:
  npm run cli -- sla due --start "<AAAA-MM-GG HH:mm>" [--pause "<da>,<a>"]... [--json]
  npm run cli -- sla explain <riferimento> [--json]
  npm run cli -- report sla [AAAA-MM | <da AAAA-MM-GG> <a AAAA-MM-GG>] [--csv | --json]
  npm run cli -- case history <riferimento> [--csv | --json] [--with-personal-data --as <id Slack di un responsabile o amministratore>]
  npm run cli -- case erase <riferimento> --reason "<motivo>"
  npm run cli -- outbox list [--json]          messaggi Slack non consegnati in via definitiva (es. channel_not_found)
  npm run cli -- outbox retry [<id>...]        li rimette (tutti, o quelli indicati) in coda
  npm run cli -- mail list [--all] [--json]     e-mail ai richiedenti non consegnate (con --all anche quelle in coda)
  npm run cli -- mail retry [<id>...]          rimette in coda le e-mail non consegnate (tutte, o quelle indicate)
  npm run cli -- payments import <file> [--json]   importa un estratto conto: camt.053/camt.054 o CSV (BANK_CSV_COLUMNS), anche gzip

Date e ore: 30/11/2026 10:00, 2026-11-30 10:00, 2026-11-30T10:00, 2026-11-30T10:00:00, anche con
fuso (+01:00, Z); senza fuso valgono nel fuso del calendario (SLA_TIMEZONE). Una data sola indica
l'apertura di quel giorno lavorativo. Entro due anni da oggi.
Le impostazioni (DATABASE_URL, LOCALE, il calendario) vengono dal file .env di questa cartella e dall'ambiente.`,
  error: (message: string) => `Errore: ${message}`,
  unknownVariable: (name, closest) => `Attenzione: ${name} non è un'impostazione che opinion-desk conosce e viene ignorata: intendevi ${closest}?`,
  usageErrors: {
    unknownOption: (option) => `opzione sconosciuta ${option}`,
    optionNeedsValue: (option) => `${option} richiede un valore`,
    optionTakesNoValue: (option) => `${option} non vuole un valore`,
    notDateTime: (text: string) => `"${text}" non è una data e ora come 30/11/2026 10:00, 2026-11-30 10:00 o 2026-11-30`,
    notWithinTwoYears: (text: string) => `"${text}" non è entro due anni da oggi`,
    startRequired: '--start è obbligatorio',
    pauseNeedsBounds: (p: string) => `--pause "${p}" richiede "<da>,<a>"`,
    pauseEndsBeforeStart: (p: string) => `--pause "${p}" finisce prima di cominciare`,
    referenceRequired: 'serve il riferimento di un caso',
    unknownCommand: (command: string) => `comando sconosciuto "${command}"`,
    unknownReport: (kind: string) => `rapporto sconosciuto "${kind}"`,
    personalDataNeedsAs: '--with-personal-data richiede --as <id Slack di un responsabile o amministratore>',
    asNotAUserId: '--as vuole l\'id Slack di una persona, ad esempio U0123ABCD',
    reasonRequired: '--reason "<motivo>" è obbligatorio: viene registrato nella storia del caso',
    notAMessageId: (text: string) => `"${text}" non è l'id di un messaggio (vedi outbox list)`,
    listTakesNoIds: 'outbox list non accetta id',
    notAMailId: (text: string) => `"${text}" non è l'id di un'e-mail (vedi mail list)`,
    mailListTakesNoIds: 'mail list non accetta id',
    importTakesOneFile: 'payments import vuole un solo file',
    period: {
      bad_month: 'un mese si scrive come 2026-11',
      bad_date: 'le date si scrivono come 2026-11-30',
      only_one_bound: 'indica un mese, oppure due date (inizio e fine)',
      ends_before_start: 'il periodo finisce prima di cominciare',
      too_long: 'un rapporto copre al massimo tre anni',
    },
  },
  sla: {
    caseHeading: (reference: string, status: string) => `${reference} (${status})`,
    notStarted: 'La documentazione non è completa: il conteggio dei tempi di risposta non è iniziato.',
    zoneAndNow: (zone: string, now: string) => `(${zone}; adesso ${now})`,
  },
  erase: {
    erased: (ref: string) => `${ref}: dati personali cancellati; la storia del caso lo registra.`,
    alreadyErased: (ref: string) => `${ref}: i dati personali erano già stati cancellati.`,
  },
  outbox: {
    requeued: (n: number) =>
      plural(n, "1 messaggio di nuovo in coda: un worker attivo lo invia nell'ordine.", `${n} messaggi di nuovo in coda: un worker attivo li invia nell'ordine.`),
    none: 'Nessun messaggio non consegnato.',
    columns: ['id', 'tipo', 'caso', 'destinatario', 'tentativi', 'creato', 'errore'],
    count: (n: number, truncated: boolean) =>
      `${n} ${plural(n, 'messaggio non consegnato', 'messaggi non consegnati')}${truncated ? ' (mostrati i più vecchi)' : ''}. Per riprovare: npm run cli -- outbox retry [<id>...]`,
  },
  mail: {
    requeued: (n: number) =>
      plural(n, '1 e-mail di nuovo in coda: un processo attivo con MAIL_SMTP_URL la invia.', `${n} e-mail di nuovo in coda: un processo attivo con MAIL_SMTP_URL le invia.`),
    none: 'Nessuna e-mail non consegnata.',
    noneQueued: 'Nessuna e-mail in coda o non consegnata.',
    columns: ['id', 'caso', 'tipo', 'stato', 'tentativi', 'prevista', 'errore'],
    count: (n: number, truncated: boolean) =>
      `${n} e-mail${truncated ? ' (mostrate le più vecchie)' : ''}. Per riprovare quelle non consegnate: npm run cli -- mail retry [<id>...]`,
  },
  file: {
    missing: (path) => `${path}: il file non esiste.`,
    isFolder: (path) => `${path} è una cartella, non un file.`,
    unreadable: (path, code) => `${path} non si può leggere (${code}).`,
    notGzip: (path) => `${path} non è un file gzip valido.`,
  },
  migrate: {
    waiting: (t: DatabaseTarget, cause: string, seconds: number) =>
      `PostgreSQL su ${t.host}:${t.port} non accetta ancora connessioni (${cause}): attendo fino a ${seconds} s.`,
    accepted: (t: DatabaseTarget) => `PostgreSQL su ${t.host}:${t.port} accetta connessioni.`,
    gaveUp: (t: DatabaseTarget, seconds: number, cause: string) =>
      `PostgreSQL su ${t.host}:${t.port} non ha accettato connessioni entro ${seconds} s (database "${t.database}", utente ${t.user}; ultimo errore: ${cause}). È in esecuzione? ${pointElsewhere(t)}`,
    applied: (name: string) => `applicata: ${name}`,
    upToDate: (t: DatabaseTarget) => `Il database "${t.database}" su ${t.host}:${t.port} (utente ${t.user}) è aggiornato: nessuna migrazione da applicare.`,
    migrated: (t: DatabaseTarget, n: number) =>
      `Il database "${t.database}" su ${t.host}:${t.port} (utente ${t.user}) è aggiornato: ${n} ${plural(n, 'migrazione applicata', 'migrazioni applicate')}.`,
    failed: (t: DatabaseTarget, cause: string) => `La migrazione del database "${t.database}" su ${t.host}:${t.port} (utente ${t.user}) non è riuscita: ${cause}`,
  },
  database: {
    missing: (t: DatabaseTarget) =>
      `Il database "${t.database}" non esiste su ${t.host}:${t.port} (utente ${t.user}). Crealo con npm run migrate (crea il database e le sue tabelle). ${pointElsewhere(t)}`,
    noSchema: (t: DatabaseTarget) =>
      `Il database "${t.database}" su ${t.host}:${t.port} non ha ancora le tabelle di opinion-desk: esegui npm run migrate. ${pointElsewhere(t)}`,
    unreachable: (t: DatabaseTarget, cause: string) =>
      `PostgreSQL non risponde su ${t.host}:${t.port} (database "${t.database}", utente ${t.user}): ${cause}. È in esecuzione? ${pointElsewhere(t)}`,
    refused: (t: DatabaseTarget) =>
      `PostgreSQL su ${t.host}:${t.port} ha rifiutato l'utente ${t.user} per il database "${t.database}": controlla utente e password in DATABASE_URL. ${pointElsewhere(t)}`,
  },
};

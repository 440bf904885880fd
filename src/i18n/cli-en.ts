import { numbers } from './numbers.js';

/** What the operator CLI (`npm run cli`) prints, in English. Its Italian twin is cli-it.ts. */

/** Where the CLI looked for PostgreSQL: never the password. */
export interface DatabaseTarget {
  host: string;
  port: string;
  database: string;
  user: string;
  /** The folder whose .env was read. */
  dir: string;
}

const pointElsewhere = (t: DatabaseTarget) => `To use another database, set DATABASE_URL in ${t.dir}/.env or in the environment.`;
const { plural } = numbers('en');

export const cliEn = {
  usage: `Usage:
  npm run cli -- sla due --start "<YYYY-MM-DD HH:mm>" [--pause "<from>,<to>"]... [--json]
  npm run cli -- sla explain <reference> [--json]
  npm run cli -- report sla [YYYY-MM | <from YYYY-MM-DD> <to YYYY-MM-DD>] [--csv | --json]
  npm run cli -- case history <reference> [--csv | --json] [--with-personal-data --as <Slack user id of a manager or admin>]
  npm run cli -- case erase <reference> --reason "<why>"
  npm run cli -- outbox list [--json]          Slack messages that failed for good (e.g. channel_not_found)
  npm run cli -- outbox retry [<id>...]        puts them (all, or those named) back in the queue
  npm run cli -- mail list [--all] [--json]     e-mails to applicants that failed (with --all: queued and failed too)
  npm run cli -- mail retry [<id>...]          puts failed e-mails (all, or those named) back in the queue
  npm run cli -- payments import <file> [--json]   imports a bank statement: camt.053/camt.054 or CSV (BANK_CSV_COLUMNS), gzip too

Date-times: 2026-11-30 10:00, 2026-11-30T10:00, 2026-11-30T10:00:00, optionally with an offset
(+01:00, Z); without one they are in the calendar's time zone (SLA_TIMEZONE). A date alone means
the opening of that working day. With LOCALE=it also 30/11/2026 10:00. Within two years of today.
The settings (DATABASE_URL, LOCALE, the calendar) come from .env in this folder and the environment.`,
  error: (message: string) => `Error: ${message}`,
  /** A variable under one of our prefixes that no setting has (config-warnings.ts): printed, then the command runs. */
  unknownVariable: (name: string, closest: string) => `Warning: ${name} is not a setting opinion-desk knows and is ignored: did you mean ${closest}?`,
  usageErrors: {
    unknownOption: (option: string) => `unknown option ${option}`,
    optionNeedsValue: (option: string) => `${option} needs a value`,
    optionTakesNoValue: (option: string) => `${option} takes no value`,
    notDateTime: (text: string) => `"${text}" is not a date-time like 2026-11-30 10:00, 2026-11-30T10:00 or 2026-11-30`,
    notWithinTwoYears: (text: string) => `"${text}" is not within two years of today`,
    startRequired: '--start is required',
    pauseNeedsBounds: (p: string) => `--pause "${p}" needs "<from>,<to>"`,
    pauseEndsBeforeStart: (p: string) => `--pause "${p}" ends before it starts`,
    referenceRequired: 'a case reference is required',
    unknownCommand: (command: string) => `unknown command "${command}"`,
    unknownReport: (kind: string) => `unknown report "${kind}"`,
    personalDataNeedsAs: '--with-personal-data needs --as <Slack user id of a manager or admin>',
    asNotAUserId: '--as takes a Slack user id, e.g. U0123ABCD',
    reasonRequired: '--reason "<why>" is required: it is recorded in the case history',
    notAMessageId: (text: string) => `"${text}" is not a message id (see outbox list)`,
    listTakesNoIds: 'outbox list takes no ids',
    notAMailId: (text: string) => `"${text}" is not an e-mail id (see mail list)`,
    mailListTakesNoIds: 'mail list takes no ids',
    importTakesOneFile: 'payments import takes one file',
    period: {
      bad_month: 'a month looks like 2026-11',
      bad_date: 'dates look like 2026-11-30',
      only_one_bound: 'give a month, or two dates (from and to)',
      ends_before_start: 'the period ends before it starts',
      too_long: 'a report covers at most three years',
    },
  },
  sla: {
    caseHeading: (reference: string, status: string) => `${reference} (${status})`,
    notStarted: 'The documentation is not complete: the SLA clock has not started.',
    zoneAndNow: (zone: string, now: string) => `(${zone}; now ${now})`,
  },
  erase: {
    erased: (ref: string) => `${ref}: personal data erased; the case history records it.`,
    alreadyErased: (ref: string) => `${ref}: personal data were already erased.`,
  },
  outbox: {
    requeued: (n: number) => `${n} ${plural(n, 'message', 'messages')} back in the queue: a running worker sends ${plural(n, 'it', 'them')} in order.`,
    none: 'No failed messages.',
    columns: ['id', 'kind', 'case', 'target', 'attempts', 'created', 'error'],
    count: (n: number, truncated: boolean) =>
      `${n} failed ${plural(n, 'message', 'messages')}${truncated ? ' (the oldest shown)' : ''}. Retry with: npm run cli -- outbox retry [<id>...]`,
  },
  mail: {
    requeued: (n: number) => `${n} ${plural(n, 'e-mail', 'e-mails')} back in the queue: a running process with MAIL_SMTP_URL sends ${plural(n, 'it', 'them')}.`,
    none: 'No failed e-mails.',
    noneQueued: 'No e-mail queued or failed.',
    columns: ['id', 'case', 'kind', 'status', 'attempts', 'due', 'error'],
    count: (n: number, truncated: boolean) =>
      `${n} ${plural(n, 'e-mail', 'e-mails')}${truncated ? ' (the oldest shown)' : ''}. Retry failed ones with: npm run cli -- mail retry [<id>...]`,
  },
  /** A file named on the command line that cannot be read as one. */
  file: {
    missing: (path: string) => `${path}: no such file.`,
    isFolder: (path: string) => `${path} is a folder, not a file.`,
    unreadable: (path: string, code: string) => `${path} cannot be read (${code}).`,
    notGzip: (path: string) => `${path} is not a valid gzip file.`,
  },
  /** `npm run migrate`: which database it migrated, and the wait for PostgreSQL when it is still starting. */
  migrate: {
    waiting: (t: DatabaseTarget, cause: string, seconds: number) =>
      `PostgreSQL at ${t.host}:${t.port} does not accept connections yet (${cause}): waiting up to ${seconds} s.`,
    accepted: (t: DatabaseTarget) => `PostgreSQL at ${t.host}:${t.port} accepts connections.`,
    gaveUp: (t: DatabaseTarget, seconds: number, cause: string) =>
      `PostgreSQL at ${t.host}:${t.port} did not accept connections within ${seconds} s (database "${t.database}", user ${t.user}; last error: ${cause}). Is it running? ${pointElsewhere(t)}`,
    applied: (name: string) => `applied: ${name}`,
    upToDate: (t: DatabaseTarget) => `The database "${t.database}" on ${t.host}:${t.port} (user ${t.user}) is up to date: no migration to apply.`,
    migrated: (t: DatabaseTarget, n: number) =>
      `The database "${t.database}" on ${t.host}:${t.port} (user ${t.user}) is up to date: ${n} ${plural(n, 'migration', 'migrations')} applied.`,
    failed: (t: DatabaseTarget, cause: string) => `Migrating the database "${t.database}" on ${t.host}:${t.port} (user ${t.user}) failed: ${cause}`,
  },
  database: {
    missing: (t: DatabaseTarget) =>
      `The database "${t.database}" does not exist on ${t.host}:${t.port} (user ${t.user}). Create it with npm run migrate (it creates the database and its tables). ${pointElsewhere(t)}`,
    noSchema: (t: DatabaseTarget) =>
      `The database "${t.database}" on ${t.host}:${t.port} has no opinion-desk tables yet: run npm run migrate. ${pointElsewhere(t)}`,
    unreachable: (t: DatabaseTarget, cause: string) =>
      `PostgreSQL does not answer at ${t.host}:${t.port} (database "${t.database}", user ${t.user}): ${cause}. Is it running? ${pointElsewhere(t)}`,
    refused: (t: DatabaseTarget) =>
      `PostgreSQL at ${t.host}:${t.port} refused user ${t.user} for the database "${t.database}": check the user and password in DATABASE_URL. ${pointElsewhere(t)}`,
  },
};

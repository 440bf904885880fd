import { z } from 'zod';
import { MAIL_KINDS, type MailKind } from '../domain/mail.js';
import type { ConfigProblem } from '../config-problem.js';

/**
 * The mail settings (SPEC section 10), kept in one block of their own: `src/config.ts` spreads
 * `mailEnvSchema` into the environment's schema and adds `mailProblems` to its one list of problems.
 * A URL may carry a password: no message here ever repeats a value.
 */

export interface MailAddress {
  /** The display name, when one was written (`CNAO Second Opinion <…>`). */
  name: string | null;
  address: string;
}

export interface MailServer {
  /** The URL as configured (with its credentials): handed to nodemailer / imapflow only, never logged. */
  url: string;
  secure: boolean;
  host: string;
  port: number;
  user: string | null;
  password: string | null;
}

export interface ImapServer extends MailServer {
  /** The mailbox watched, from the URL's path (default INBOX). */
  mailbox: string;
}

export interface MailConfig {
  smtp: MailServer | null;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  imap: ImapServer | null;
  processedFolder: string;
  /** SMTP connections each process keeps open at once: as many e-mails on the server at a time. */
  connections: number;
  /** The kinds of message sent to applicants (default all). */
  kinds: readonly MailKind[];
  /** The centre's bank coordinates, written in the request-received message. */
  iban: string;
  beneficiary: string;
}

export const mailEnvSchema = {
  MAIL_SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  MAIL_REPLY_TO: z.string().optional(),
  MAIL_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  MAIL_IMAP_URL: z.string().optional(),
  MAIL_IMAP_PROCESSED_FOLDER: z.string().trim().min(1).max(200).default('Processed'),
  MAIL_KINDS: z.string().default(MAIL_KINDS.join(',')),
  PAYMENT_IBAN: z.string().trim().regex(/^[A-Z]{2}\d{2}[A-Z0-9 ]{8,32}$/, 'is not an IBAN like IT04J0311111300000000045867').default('IT04J0311111300000000045867'),
  PAYMENT_BENEFICIARY: z.string().trim().min(1).max(200).default('CNAO Foundation, Strada Campeggi 53, 27100 Pavia (PV)'),
};

type MailEnv = {
  MAIL_SMTP_URL?: string | undefined;
  MAIL_FROM?: string | undefined;
  MAIL_REPLY_TO?: string | undefined;
  MAIL_SMTP_CONNECTIONS: number;
  MAIL_IMAP_URL?: string | undefined;
  MAIL_IMAP_PROCESSED_FOLDER: string;
  MAIL_KINDS: string;
  PAYMENT_IBAN: string;
  PAYMENT_BENEFICIARY: string;
};

const email = z.email();

/** `Name <address>` or a bare address; null when it is neither. */
export function parseMailAddress(value: string): MailAddress | null {
  const text = value.trim();
  const named = /^(.*?)\s*<([^<>\s]+)>$/.exec(text);
  const name = named ? named[1]!.replace(/^"|"$/g, '').trim() || null : null;
  const address = named ? named[2]! : text;
  return email.safeParse(address).success ? { name, address } : null;
}

function parseServer(value: string, schemes: readonly [string, string]): MailServer | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme) || !url.hostname) return null;
  const secure = scheme === schemes[1];
  const port = url.port ? Number(url.port) : scheme.startsWith('smtp') ? (secure ? 465 : 587) : secure ? 993 : 143;
  return {
    url: value,
    secure,
    host: url.hostname,
    port,
    user: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
  };
}

function parseImap(value: string): ImapServer | null {
  const server = parseServer(value, ['imap', 'imaps']);
  if (!server) return null;
  const path = decodeURIComponent(new URL(value).pathname.replace(/^\//, ''));
  return { ...server, mailbox: path || 'INBOX' };
}

function kindsOf(value: string): { kinds: MailKind[]; unknown: string[] } {
  // `none` switches every kind off (an empty value means "not set": all of them).
  const words = value.split(',').map((w) => w.trim()).filter((w) => w && w !== 'none');
  const unknown = words.filter((w) => !(MAIL_KINDS as readonly string[]).includes(w));
  return { kinds: MAIL_KINDS.filter((k) => words.includes(k)), unknown };
}

/** Every problem of the mail settings, as data for the one list the start prints (never a value: a URL may carry a password). */
export function mailProblems(e: MailEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (e.MAIL_SMTP_URL && !parseServer(e.MAIL_SMTP_URL, ['smtp', 'smtps'])) problems.push({ variable: 'MAIL_SMTP_URL', problem: { key: 'smtp_url' } });
  if (e.MAIL_SMTP_URL && !e.MAIL_FROM) problems.push({ variable: 'MAIL_FROM', problem: { key: 'mail_from_required' } });
  if (e.MAIL_FROM && !parseMailAddress(e.MAIL_FROM)) problems.push({ variable: 'MAIL_FROM', problem: { key: 'mail_address', named: true } });
  if (e.MAIL_REPLY_TO && !parseMailAddress(e.MAIL_REPLY_TO)) problems.push({ variable: 'MAIL_REPLY_TO', problem: { key: 'mail_address', named: false } });
  if (e.MAIL_IMAP_URL && !parseImap(e.MAIL_IMAP_URL)) problems.push({ variable: 'MAIL_IMAP_URL', problem: { key: 'imap_url' } });
  const { unknown } = kindsOf(e.MAIL_KINDS);
  if (unknown.length > 0) problems.push({ variable: 'MAIL_KINDS', problem: { key: 'mail_kinds', unknown, known: [...MAIL_KINDS] } });
  return problems;
}

export function mailConfigOf(e: MailEnv): MailConfig {
  return {
    smtp: e.MAIL_SMTP_URL ? parseServer(e.MAIL_SMTP_URL, ['smtp', 'smtps']) : null,
    from: e.MAIL_FROM ? parseMailAddress(e.MAIL_FROM) : null,
    replyTo: e.MAIL_REPLY_TO ? parseMailAddress(e.MAIL_REPLY_TO) : null,
    imap: e.MAIL_IMAP_URL ? parseImap(e.MAIL_IMAP_URL) : null,
    processedFolder: e.MAIL_IMAP_PROCESSED_FOLDER,
    connections: e.MAIL_SMTP_CONNECTIONS,
    kinds: kindsOf(e.MAIL_KINDS).kinds,
    iban: e.PAYMENT_IBAN.replace(/\s+/g, ''),
    beneficiary: e.PAYMENT_BENEFICIARY,
  };
}

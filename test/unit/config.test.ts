import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARIABLES, loadConfig, parseStartArguments, readEnvironment } from '../../src/config.js';

/** The problems `npm start -- <argv>` would list for this environment. */
function problemsOf(argv: string[], env: Record<string, string>): string[] {
  try {
    loadConfig(env, parseStartArguments(argv).problems);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
const problems = Object.assign((env: Record<string, string>) => problemsOf([], env), { withArguments: problemsOf });

describe('configuration', () => {
  it('has working defaults matching the specification', () => {
    const c = loadConfig({});
    expect(c.calendar).toMatchObject({
      timeZone: 'Europe/Rome',
      workingWeekdays: [1, 2, 3, 4, 5],
      openMinute: 540,
      closeMinute: 1080,
      holidays: { country: 'IT' },
      extraClosures: [{ kind: 'yearly', month: 12, day: 9, name: 'San Siro' }],
    });
    expect(c.prices).toEqual({ secondOpinionCents: 50_000, imageReviewSurchargeCents: 15_000, courierDeliveryCents: 1_800 });
    expect(c.notifications.unclaimedAfter).toEqual({ days: 0, minutes: 240 });
    expect(c.slack).toBeNull();
    expect(c.pathologyAreas).toContain('head_and_neck');
  });

  it('lists every problem at once, naming each variable', () => {
    const found = problems({
      PORT: 'eighty',
      SLA_WORKING_DAYS: 'mon-funday',
      SLA_WORKING_HOURS: '18:00-09:00',
      SLA_TIMEZONE: 'Europe/Pavia',
      SLA_EXTRA_CLOSURES: '12-09,13-45',
      NOTIFY_UNCLAIMED_AFTER: 'four hours',
      API_TOKENS: 'short',
      SLACK_BOT_TOKEN: 'xoxb-123',
    });
    const variables = found.map((p) => p.split(':')[0]);
    expect(variables).toEqual(
      expect.arrayContaining([
        'PORT',
        'SLA_WORKING_DAYS',
        'SLA_WORKING_HOURS',
        'SLA_TIMEZONE',
        'SLA_EXTRA_CLOSURES',
        'NOTIFY_UNCLAIMED_AFTER',
        'API_TOKENS',
        'SLACK_SIGNING_SECRET',
        'SLACK_TRIAGE_CHANNEL',
        'SLACK_MANAGERS_CHANNEL',
      ]),
    );
    expect(found.find((p) => p.startsWith('SLA_EXTRA_CLOSURES'))).toMatch(/13-45/);
  });

  it('parses lists of working days, whole-day hours, regions and one-off closures', () => {
    const c = loadConfig({
      SLA_WORKING_DAYS: 'mon,wed-fri,sun',
      SLA_WORKING_HOURS: '00:00-24:00',
      SLA_HOLIDAYS: 'IT/25',
      SLA_EXTRA_CLOSURES: '2026-12-24=Christmas Eve, 08-16',
      NOTIFY_DUE_SOON_BEFORE: '1d 2h',
    });
    expect(c.calendar.workingWeekdays).toEqual([1, 3, 4, 5, 7]);
    expect([c.calendar.openMinute, c.calendar.closeMinute]).toEqual([0, 1440]);
    expect(c.calendar.holidays).toEqual({ country: 'IT', state: '25' });
    expect(c.calendar.extraClosures).toEqual([
      { kind: 'once', date: '2026-12-24', name: 'Christmas Eve' },
      { kind: 'yearly', month: 8, day: 16, name: 'Closure' },
    ]);
    expect(c.notifications.dueSoonBefore).toEqual({ days: 1, minutes: 120 });
  });

  it('Socket Mode needs no signing secret', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_TRIAGE_CHANNEL: 'C1', SLACK_MANAGERS_CHANNEL: 'C2', ADMIN_SLACK_USER_IDS: 'U1' });
    expect(c.slack).toMatchObject({ appToken: 'xapp-1', signingSecret: null });
  });

  it('.env.example lists exactly the variables the application reads', () => {
    const listed = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split('=')[0]);
    expect([...listed].sort()).toEqual(ENV_VARIABLES.filter((v) => v !== 'NODE_ENV').sort());
  });
});

describe('configuration that would start silently wrong is refused', () => {
  const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret', SLACK_TRIAGE_CHANNEL: 'C1', SLACK_MANAGERS_CHANNEL: 'C2' };

  it('an unknown holiday country, state or region (Christmas would become a working day)', () => {
    expect(problems({ SLA_HOLIDAYS: 'XX' })).toEqual([expect.stringMatching(/^SLA_HOLIDAYS: unknown holiday country "XX"/)]);
    expect(problems({ SLA_HOLIDAYS: 'IT/99' })).toEqual([expect.stringMatching(/^SLA_HOLIDAYS: unknown holiday state "99" of IT/)]);
    expect(problems({ SLA_HOLIDAYS: 'IT/25/XX' })).toEqual([expect.stringMatching(/^SLA_HOLIDAYS: unknown holiday region "XX" of IT\/25/)]);
    expect(loadConfig({ SLA_HOLIDAYS: 'it/25/mi' }).calendar.holidays).toEqual({ country: 'IT', state: '25', region: 'MI' });
    expect(loadConfig({ SLA_HOLIDAYS: 'none' }).calendar.holidays).toBeNull();
  });

  it('an invalid digest cron', () => {
    expect(problems({ DIGEST_CRON: 'every-day' })).toEqual([expect.stringMatching(/^DIGEST_CRON: "every-day" is not a cron pattern/)]);
    expect(problems({ DIGEST_CRON: '30 25 * * *' })).toEqual([expect.stringMatching(/^DIGEST_CRON: /)]);
    expect(problems({ DIGEST_CRON: '30 8 * *' })).toEqual([expect.stringMatching(/^DIGEST_CRON: .*4 fields/)]);
    expect(loadConfig({ DIGEST_CRON: '0 9 * * mon-fri' }).digestCron).toBe('0 9 * * mon-fri');
  });

  it('an empty admin list with Slack configured (nobody could grant the first roles)', () => {
    expect(problems(slack)).toEqual([expect.stringMatching(/^ADMIN_SLACK_USER_IDS: required when Slack is configured/)]);
    expect(problems({ ...slack, ADMIN_SLACK_USER_IDS: ' , ' })).toHaveLength(1);
    expect(loadConfig({ ...slack, ADMIN_SLACK_USER_IDS: 'U1' }).adminSlackUserIds).toEqual(['U1']);
    // Without Slack there is nobody to grant anything to: no admin needed.
    expect(problems({})).toEqual([]);
  });

  it('an unknown role or option on the command line, in the same list', () => {
    expect(problems.withArguments(['all', '--migrat'], {})).toEqual(['command line: unknown option "--migrat" (usage: [web|worker|all] [--migrate])']);
    expect(problems.withArguments(['wbe'], {})).toEqual(['command line: unknown role "wbe": use one of web, worker, all']);
    expect(problems.withArguments(['web', 'worker'], {})).toEqual(['command line: unexpected "worker" (usage: [web|worker|all] [--migrate])']);
    expect(parseStartArguments(['worker', '--migrate'])).toEqual({ role: 'worker', migrate: true, problems: [] });
    expect(parseStartArguments([])).toEqual({ role: 'all', migrate: false, problems: [] });
    const all = problems.withArguments(['all', '--migrat'], { ...slack, SLA_HOLIDAYS: 'XX', DIGEST_CRON: 'every-day' });
    expect(all.map((p) => p.split(':')[0])).toEqual(['command line', 'SLA_HOLIDAYS', 'DIGEST_CRON', 'ADMIN_SLACK_USER_IDS']);
  });
});

describe('.env', () => {
  it('is read from the working directory, and the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'od-env-'));
    try {
      writeFileSync(join(dir, '.env'), '# site settings\nSLA_TIMEZONE=Europe/London\nLOCALE=it\nDIGEST_CRON="0 9 * * *"\n');
      const config = loadConfig(readEnvironment(dir, { LOCALE: 'en' }));
      expect(config.calendar.timeZone).toBe('Europe/London');
      expect(config.digestCron).toBe('0 9 * * *');
      expect(config.locale).toBe('en');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is optional', () => {
    const dir = mkdtempSync(join(tmpdir(), 'od-env-'));
    try {
      expect(readEnvironment(dir, { LOCALE: 'it' })).toEqual({ LOCALE: 'it' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('API tokens and scopes (SPEC section 6)', () => {
  const PADDED = 'q1w2e3r4t5y6u7i8o9p0aA=='; // as `openssl rand -base64 16` writes one

  it('the 16-character minimum applies to the token part, never to the name', () => {
    const found = problems({ API_TOKENS: 'integration-portal=x' });
    expect(found).toEqual([expect.stringMatching(/^API_TOKENS: entry 1 \(integration-portal\): the token has 1 characters; at least 16/)]);
  });

  it('a base64 token with padding is a token of its own, not a name and "="', () => {
    const c = loadConfig({ API_TOKENS: `${PADDED},quality=${PADDED.replace('q1', 'z9')}` });
    expect(c.apiClients.map(({ name, token }) => ({ name, token }))).toEqual([
      { name: 'client-1', token: PADDED },
      { name: 'quality', token: `z9${PADDED.slice(2)}` },
    ]);
  });

  it('a token that reads as name=padding is refused without repeating what may be its secret', () => {
    const found = problems({ API_TOKENS: 'abcdefghijklmnopqrstuv==' });
    expect(found).toEqual([expect.stringMatching(/^API_TOKENS: entry 1: the token has 1 characters.*name=token/)]);
    expect(found.join('\n')).not.toContain('abcdefghijklmnop');
  });

  it('duplicate names or tokens stop the start, in the one list of problems, without quoting a token', () => {
    const found = problems({
      API_TOKENS: 'portal=aaaaaaaaaaaaaaaa1,portal=bbbbbbbbbbbbbbbb2,quality=aaaaaaaaaaaaaaaa1',
      SLA_WORKING_DAYS: 'funday',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLA_WORKING_DAYS/),
        'API_TOKENS: the name "portal" is given to entry 1 (portal) and entry 2 (portal); names are unique',
        'API_TOKENS: entry 1 (portal) and entry 3 (quality) have the same token; tokens are unique',
      ]),
    );
    expect(found.join('\n')).not.toMatch(/aaaa|bbbb/);
  });

  it('API_SCOPES gives each named client its scopes; others get cases.read and cases.write', () => {
    const c = loadConfig({
      API_TOKENS: 'portal=portal-token-0123456789,quality=quality-token-0123456789,bank=bank-token-0123456789,kiosk=kiosk-token-0123456789',
      API_SCOPES: 'portal:cases.read+cases.write; quality:reports.read+history.read; bank:payments.write',
    });
    expect(Object.fromEntries(c.apiClients.map((cl) => [cl.name, [...cl.scopes].sort()]))).toEqual({
      portal: ['cases.read', 'cases.write'],
      quality: ['history.read', 'reports.read'],
      bank: ['payments.write'],
      kiosk: ['cases.read', 'cases.write'],
    });
    expect(c.apiScopesConfigured).toBe(true);
  });

  it('without API_SCOPES every client has every scope', () => {
    const c = loadConfig({ API_TOKENS: 'portal=portal-token-0123456789' });
    expect([...c.apiClients[0]!.scopes].sort()).toEqual(['cases.read', 'cases.write', 'history.read', 'payments.write', 'reports.read']);
    expect(c.apiScopesConfigured).toBe(false);
  });

  it('an unknown scope, an unknown client or a malformed entry in API_SCOPES is a problem', () => {
    const found = problems({
      API_TOKENS: 'portal=portal-token-0123456789',
      API_SCOPES: 'portal:cases.read+cases.delete;qualty:reports.read;bank',
    });
    expect(found).toEqual([
      'API_SCOPES: portal: unknown scope "cases.delete" (known: cases.read, cases.write, reports.read, history.read, payments.write)',
      'API_SCOPES: "qualty" is not the name of a client in API_TOKENS',
      'API_SCOPES: "bank" is not like client:scope+scope (e.g. portal:cases.read+cases.write)',
    ]);
  });
});

describe('configuration problems read in the operator\'s words and language', () => {
  const wrongNumbers = { PORT: '70000', SLA_TARGET_WORKING_DAYS: '-1', RETENTION_PERSONAL_DATA_DAYS: '1.5', METRICS_CACHE_SECONDS: 'soon', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://db' };

  it('each problem says what the setting must be, never zod\'s own text', () => {
    expect(problems(wrongNumbers)).toEqual([
      'PORT: must be a whole number from 0 to 65535',
      'METRICS_CACHE_SECONDS: must be a number from 0 to 300',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
      'DATABASE_URL: must be a URL like postgres://user:password@host:5432/database',
      'SLA_TARGET_WORKING_DAYS: must be a number greater than 0',
      'RETENTION_PERSONAL_DATA_DAYS: must be a whole number from 1 to 36500',
    ]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxp-1' })[0]).toBe('SLACK_BOT_TOKEN: must start with xoxb-');
    expect(problems({ BULLMQ_PREFIX: 'a b' })).toEqual(['BULLMQ_PREFIX: may hold only letters, digits, _ and -']);
  });

  it('with LOCALE=it the one message and every problem are in Italian; with a LOCALE we do not speak, in English', () => {
    let message = '';
    try {
      loadConfig({ ...wrongNumbers, LOCALE: 'it', SLA_HOLIDAYS: 'XX' }, parseStartArguments(['wbe']).problems);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'Configurazione non valida:',
      '  - command line: ruolo sconosciuto "wbe": usa uno tra web, worker, all',
      '  - PORT: deve essere un numero intero da 0 a 65535',
      '  - METRICS_CACHE_SECONDS: deve essere un numero da 0 a 300',
      '  - LOG_LEVEL: deve essere uno tra fatal, error, warn, info, debug, trace, silent',
      '  - DATABASE_URL: deve essere un URL come postgres://user:password@host:5432/database',
      '  - SLA_HOLIDAYS: paese delle festività sconosciuto "XX": usa un paese[/stato[/regione]] di date-holidays come IT o IT/25, oppure none',
      '  - SLA_TARGET_WORKING_DAYS: deve essere un numero maggiore di 0',
      '  - RETENTION_PERSONAL_DATA_DAYS: deve essere un numero intero da 1 a 36500',
    ]);
    // The API clients' and the mail settings' problems too, never a token.
    expect(problems({ LOCALE: 'it', API_TOKENS: 'portal=short-secret', API_SCOPES: 'portale:cases.read', MAIL_SMTP_URL: 'smtp://relay:25' })).toEqual([
      'API_TOKENS: voce 1 (portal): il token ha 12 caratteri; ne servono almeno 16',
      'API_SCOPES: "portale" non è il nome di un client in API_TOKENS',
      'MAIL_FROM: obbligatorio quando MAIL_SMTP_URL è impostato (un indirizzo come CNAO Second Opinion <secondopinion@example.org>)',
    ]);
    expect(problems({ LOCALE: 'fr', PORT: '-1' })).toEqual(['PORT: must be a whole number from 0 to 65535', 'LOCALE: must be one of en, it']);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtEntry } from '../support/processes.js';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { caseInput, everyDocument, portal } from '../support/factories.js';
import { rome } from '../support/time.js';
import { messages } from '../../src/i18n/messages.js';

const run = promisify(execFile);
const app = await startTestApp({ now: '2026-12-04 17:00' });

async function cli(...args: string[]): Promise<{ stdout: string; code: number }> {
  return cliWith({}, ...args);
}

/** `stdout` holds stderr too when the command failed; `stderr` is stderr alone. */
async function cliWith(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return cliIn(undefined, env, ...args);
}

async function cliIn(cwd: string | undefined, env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [builtEntry('cli'), ...args], {
      env: { ...process.env, DATABASE_URL: app.config.databaseUrl, LOG_LEVEL: 'silent', ...env },
      cwd,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: `${e.stdout}${e.stderr}`, stderr: e.stderr, code: e.code };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'od-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('operator CLI', () => {
  it('sla due: the worked example with a pause, as text and as JSON', async () => {
    const text = await cli('sla', 'due', '--start', '2026-11-30 10:00', '--pause', '2026-12-02 15:00,2026-12-07 11:00');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Answer due by Fri 11 Dec 2026 15:00');
    expect(text.stdout).toContain('Closed, not counted: Tue 8 Dec 2026 (Immaculate Conception)');
    const json = await cli('sla', 'due', '--start', '2026-11-28 11:00', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ dueAt: '2026-12-04T18:00:00.000+01:00', targetWorkingSeconds: 162_000 });
  });

  it('sla explain: a stored case', async () => {
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-12-04 16:00')) }), portal);
    const out = await cli('sla', 'explain', view.reference);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`${view.reference} (${messages('en').status.ready})`);
    expect(out.stdout).toContain('Answer due by Tue 15 Dec 2026 16:00');
  });

  it('sla due accepts 2026-11-30T10:00 and a date alone (2026-11-30, the opening of that day)', async () => {
    const iso = await cli('sla', 'due', '--start', '2026-11-30T10:00', '--json');
    expect(iso.code).toBe(0);
    expect(JSON.parse(iso.stdout)).toMatchObject({ dueAt: '2026-12-07T10:00:00.000+01:00' });
    const dateAlone = await cli('sla', 'due', '--start', '2026-11-30', '--json');
    expect(dateAlone.code).toBe(0);
    expect(JSON.parse(dateAlone.stdout)).toMatchObject({ startedAt: '2026-11-30T09:00:00.000+01:00', dueAt: '2026-12-04T18:00:00.000+01:00' });
  });

  it('sla due refuses a start centuries away at once, with a clear error', async () => {
    const out = await cli('sla', 'due', '--start', '1000-01-01 09:00');
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('"1000-01-01 09:00" is not within two years of today');
  });

  it('bad input: usage and a non-zero exit', async () => {
    const out = await cli('sla', 'due', '--start', 'yesterday');
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('is not a date-time like 2026-11-30 10:00');
    expect((await cli('sla', 'explain', 'SO-2026-9999')).code).toBe(1);
  });

  it('with LOCALE=it every command speaks Italian: results, "now", errors and the usage', async () => {
    const it_ = (...args: string[]) => cliWith({ LOCALE: 'it' }, ...args);
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-12-04 16:00')) }), portal);
    const { view: intake } = await app.cases.create(caseInput(), portal);
    // Side by side: each is a process of its own.
    const names = ['explain', 'notStarted', 'due', 'badDate', 'noStart', 'unknownCase', 'report', 'badPeriod', 'outbox', 'retry', 'badId', 'noReason', 'openCase', 'help', 'mail', 'mailAll', 'mailRetry'] as const;
    const results = await Promise.all([
      it_('sla', 'explain', view.reference),
      it_('sla', 'explain', intake.reference),
      it_('sla', 'due', '--start', '30/11/2026 10:00'),
      it_('sla', 'due', '--start', 'ieri'),
      it_('sla', 'due'),
      it_('sla', 'explain', 'SO-2026-9999'),
      it_('report', 'sla', '2026-11'),
      it_('report', 'sla', '2026-11-30', '2026-11-01'),
      it_('outbox', 'list'),
      it_('outbox', 'retry'),
      it_('outbox', 'retry', 'x'),
      it_('case', 'erase', intake.reference),
      it_('case', 'erase', intake.reference, '--reason', 'richiesta'),
      it_('--help'),
      it_('mail', 'list'),
      it_('mail', 'list', '--all'),
      it_('mail', 'retry'),
    ]);
    const outputs = Object.fromEntries(names.map((n, i) => [n, results[i]!])) as Record<(typeof names)[number], { stdout: string; stderr: string; code: number }>;
    const italian = messages('it');
    expect(outputs.explain.stdout).toContain(`${view.reference} (${italian.status.ready})`);
    expect(outputs.explain.stdout).toContain(italian.explain.due('mar 15 dic 2026 16:00', '5 giorni lavorativi'));
    expect(outputs.explain.stdout).toMatch(/\(Europe\/Rome; adesso \S+ \d+ \S+ 2026 \d\d:\d\d\)/);
    expect(outputs.notStarted.stdout).toContain('La documentazione non è completa: il conteggio dei tempi di risposta non è iniziato.');
    expect(outputs.badDate.stdout).toContain('Errore: "ieri" non è una data e ora come 30/11/2026 10:00');
    expect(outputs.badDate.stdout).toContain('Uso:\n  npm run cli -- sla due');
    expect(outputs.noStart.stdout).toContain('Errore: --start è obbligatorio');
    expect(outputs.unknownCase.stdout).toContain('Nessun caso SO-2026-9999.');
    expect(outputs.report.stdout).toContain('Rapporto dei tempi di risposta');
    expect(outputs.badPeriod.stdout).toContain('Errore: il periodo finisce prima di cominciare');
    expect(outputs.outbox.stdout).toContain('Nessun messaggio non consegnato.');
    expect(outputs.retry.stdout).toContain('0 messaggi di nuovo in coda');
    expect(outputs.badId.stdout).toContain(`Errore: "x" non è l'id di un messaggio`);
    expect(outputs.noReason.stdout).toContain('Errore: --reason "<motivo>" è obbligatorio');
    expect(outputs.openCase.stdout).toContain('Non possibile mentre il caso è in accettazione');
    expect(outputs.mail.stdout).toContain('Nessuna e-mail non consegnata.');
    expect(outputs.mailAll.stdout).toContain('Nessuna e-mail in coda o non consegnata.');
    expect(outputs.mailRetry.stdout).toContain('0 e-mail di nuovo in coda');
    // No English left anywhere: words every English output of the CLI is made of.
    for (const [name, out] of Object.entries(outputs)) {
      expect(out.stdout, name).not.toMatch(/\b(now|Usage|Error|is not|required|due by|messages?|No case|not complete)\b/);
    }
  }, 120_000);

  it('a missing database: the CLI says which one it tried (never the password) and how to point it elsewhere', async () => {
    const url = new URL(app.config.databaseUrl);
    url.password = 's3cret-pw';
    url.pathname = '/od_no_such_database';
    const out = await cliWith({ DATABASE_URL: url.toString() }, 'sla', 'explain', 'SO-2026-0001');
    expect(out.code).toBe(1);
    expect(out.stdout.trim()).toBe(
      `The database "od_no_such_database" does not exist on ${url.hostname}:${url.port || '5432'} (user ${url.username || 'postgres'}). ` +
        `Create it with npm run migrate (it creates the database and its tables). To use another database, set DATABASE_URL in ${process.cwd()}/.env or in the environment.`,
    );
    expect(out.stdout).not.toContain('s3cret-pw');

    // Nothing listening there at all.
    const closed = new URL(app.config.databaseUrl);
    closed.port = '1';
    const unreachable = await cliWith({ DATABASE_URL: closed.toString(), LOCALE: 'it' }, 'report', 'sla');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toContain(`PostgreSQL non risponde su ${closed.hostname}:1`);
    expect(unreachable.stdout).toContain('imposta DATABASE_URL');
  });

  it('a misspelt setting in .env or the environment is a warning naming the one meant, in the operator\'s language, and the command still runs', async () => {
    writeFileSync(join(dir, '.env'), 'SLA_HOLDAYS=none\n');
    const fromFile = await cliIn(dir, {}, 'sla', 'due', '--start', '2026-11-30 10:00');
    expect(fromFile.code).toBe(0);
    expect(fromFile.stderr.trim()).toBe('Warning: SLA_HOLDAYS is not a setting opinion-desk knows and is ignored: did you mean SLA_HOLIDAYS?');
    expect(fromFile.stdout).toContain('Answer due by');

    const italian = await cliWith({ LOCALE: 'it', NOTIFY_DUE_SOON: '1d' }, 'sla', 'due', '--start', '2026-11-30 10:00', '--json');
    expect(italian.code).toBe(0);
    expect(italian.stderr.trim()).toBe("Attenzione: NOTIFY_DUE_SOON non è un'impostazione che opinion-desk conosce e viene ignorata: intendevi NOTIFY_DUE_SOON_BEFORE?");
    expect(JSON.parse(italian.stdout)).toMatchObject({ targetWorkingSeconds: 162_000 });
  });

  it('an unknown option, or an option without its value: a usage error in the operator\'s language, not Node\'s', async () => {
    const unknown = await cli('sla', 'explain', 'SO-2026-0001', '--foo');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('Error: unknown option --foo\n');
    expect(unknown.stdout).toContain('Usage:\n  npm run cli -- sla due');
    const noValue = await cli('sla', 'due', '--start');
    expect(noValue.code).toBe(2);
    expect(noValue.stdout).toContain('Error: --start needs a value');
    const italian = await cliWith({ LOCALE: 'it' }, 'report', 'sla', '--cvs');
    expect(italian.code).toBe(2);
    expect(italian.stdout).toContain('Errore: opzione sconosciuta --cvs\n');
    expect(italian.stdout).toContain('Uso:');
    const flagWithValue = await cliWith({ LOCALE: 'it' }, 'sla', 'due', '--start', '2026-11-30', '--json=yes');
    expect(flagWithValue.code).toBe(2);
    expect(flagWithValue.stdout).toContain('Errore: --json non vuole un valore');
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { builtEntry } from '../support/processes.js';
import { caseViaApi } from '../support/ready-case.js';
import { camtFile, csvFile } from '../support/statements.js';

const run = promisify(execFile);
const app = await startTestApp({ now: '2026-12-04 17:00' });
const dir = mkdtempSync(join(tmpdir(), 'od-statements-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [builtEntry('cli'), ...args], {
      env: { ...process.env, DATABASE_URL: app.config.databaseUrl, LOG_LEVEL: 'silent', ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const rossi = await caseViaApi(app, { patient: { name: 'Maria Rossi', birthDate: '1961-04-02' }, applicant: { type: 'patient', name: 'Maria Rossi' } });

describe('npm run cli -- payments import <file>', () => {
  it('imports a camt.053.001.02 (also gzip-compressed), says what became of each entry, and adds nothing the second time', async () => {
    const statement = camtFile(
      [
        { amount: '518.00', reference: 'C-1', payer: 'ROSSI MARIA', remittance: 'Rossi Maria CNAO second opinion' },
        { amount: '20.00', reference: 'C-2', credit: false },
      ],
      { version: '001.02' },
    );
    const first = await cli({}, 'payments', 'import', file('statement.xml.gz', gzipSync(statement)));
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`C-1\\t€518\\.00\\t2026-12-03\\tmatched\\t${rossi}\\t`));
    expect(first.stdout).toContain('2 entries: 1 credit (1 new, 0 already imported; 1 matched, 0 ambiguous, 0 unmatched), 1 skipped.');
    // The operator's terminal never shows the payer or the transfer reason.
    expect(first.stdout).not.toMatch(/ROSSI|Rossi|Maria|CNAO/);

    const again = await cli({}, 'payments', 'import', file('statement.xml', statement), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ statementId: null, counts: { new: 0, duplicates: 1 } });
    expect((await app.cases.get(rossi)).state.transfers).toHaveLength(1);
    const [event] = (await app.cases.history(rossi)).filter((e) => e.data.type === 'transfer_matched');
    expect(event?.actor).toBe('system:bank-statement');
  });

  it('speaks the operator\'s language and reads a CSV with the bank\'s own column names', async () => {
    const header = ['Data', 'Valuta', 'Importo', 'Divisa', 'Riferimento', 'Ordinante', 'Causale'];
    const out = await cli(
      { LOCALE: 'it', BANK_CSV_COLUMNS: header.join(',') },
      'payments',
      'import',
      file('movimenti.csv', csvFile([{ amount: '75.00', reference: 'C-3', remittance: 'affitto' }], { italian: true, header })),
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('la causale non indica nessun caso');
    expect(out.stdout).toContain('1 movimento: 1 accredito (1 nuovo');
  });

  it('a bad file, a gzip bomb: the problem is said, exit code 1, nothing stored', async () => {
    const before = Number((await app.db.selectFrom('bank_transfers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const bad = await cli({}, 'payments', 'import', file('bad.csv', 'value_date,amount,currency\n2026-12-03,518.00,EUR\n'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The CSV has no column "description"');
    const bomb = await cli({ BANK_STATEMENT_LIMIT_BYTES: '100000' }, 'payments', 'import', file('bomb.xml.gz', gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20))));
    expect(bomb.code).toBe(1);
    expect(bomb.stderr).toContain('larger than 100000 bytes once decompressed');
    const after = Number((await app.db.selectFrom('bank_transfers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });

  it('a file that is not there, a folder, a .gz that is not gzip: said in the operator\'s language, exit code 1', async () => {
    const missing = await cli({}, 'payments', 'import', join(dir, 'nope.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`${join(dir, 'nope.csv')}: no such file.`);
    const folder = await cli({ LOCALE: 'it' }, 'payments', 'import', dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr.trim()).toBe(`${dir} è una cartella, non un file.`);
    const fake = file('fake.xml.gz', Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02]));
    const notGzip = await cli({ LOCALE: 'it' }, 'payments', 'import', fake);
    expect(notGzip.code).toBe(1);
    expect(notGzip.stderr.trim()).toBe(`${fake} non è un file gzip valido.`);
  });
});

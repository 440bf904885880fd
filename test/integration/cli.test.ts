import { execFile } from 'node:child_process';
import { builtEntry } from '../support/processes.js';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { caseInput, everyDocument, portal } from '../support/factories.js';
import { rome } from '../support/time.js';

const run = promisify(execFile);
const app = await startTestApp({ now: '2026-12-04 17:00' });

async function cli(...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, [builtEntry('cli'), ...args], {
      env: { ...process.env, DATABASE_URL: app.config.databaseUrl, LOG_LEVEL: 'silent' },
    });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: `${e.stdout}${e.stderr}`, code: e.code };
  }
}

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
    expect(out.stdout).toContain(`${view.reference} (ready)`);
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
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { seedNovember } from '../support/report-fixture.js';

const run = promisify(execFile);
const app = await startTestApp({ now: '2026-10-05 09:00' });
await seedNovember(app);

async function cli(...args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: app.config.databaseUrl, LOG_LEVEL: 'silent' },
    });
    return { stdout, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: `${e.stdout}${e.stderr}`, code: e.code };
  }
}

describe('operator CLI: evidence', () => {
  it('report sla for a period: text summary, CSV and JSON with the same figures', async () => {
    const text = await cli('report', 'sla', '2026-11-01', '2026-11-20');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('SLA report · Sun 1 Nov 2026 – Fri 20 Nov 2026');
    expect(text.stdout).toContain('3 delivered · on time 67%');
    expect(text.stdout).toContain('median 4.0 working days · 90th percentile 8.8 working days');
    expect(text.stdout).toContain('Paused: 1 time, 18.0 working hours');

    const csv = await cli('report', 'sla', '2026-11-01', '2026-11-20', '--csv');
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^2026-11-01,2026-11-20,all,,,3,2,0\.6667,4,8\.8,1,18,/);

    const json = await cli('report', 'sla', '2026-10', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ period: { from: '2026-10-01', to: '2026-10-31' }, total: { delivered: 1 } });
  }, 60_000);

  it('report sla with a bad period says what is wrong and exits 2', async () => {
    const res = await cli('report', 'sla', '2026-11-30', '2026-11-01');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('the period ends before it starts');
  });
});

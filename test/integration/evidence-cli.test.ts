import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import { builtEntry } from '../support/processes.js';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { seedNovember } from '../support/report-fixture.js';
import { ADMIN } from '../support/app.js';

const run = promisify(execFile);
const app = await startTestApp({ now: '2026-10-05 09:00' });
const refs = await seedNovember(app);
await app.staff.grant({ id: ADMIN, roles: new Set(['admin']) }, 'UMGR00001', 'manager', [], 'Head of service');

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

describe('operator CLI: evidence', () => {
  it('report sla for a period: text summary, CSV and JSON with the same figures', async () => {
    const text = await cli('report', 'sla', '2026-11-01', '2026-11-20');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('SLA report · Sun 1 Nov 2026 – Fri 20 Nov 2026');
    expect(text.stdout).toContain('3 delivered · on time 67%');
    expect(text.stdout).toContain('median 4.0 working days · 90th percentile 8.8 working days');
    expect(text.stdout).toContain('Paused: 1 time, 18.0 working hours');
    // Areas by their labels, as everywhere a person reads them.
    expect(text.stdout).toMatch(/^ {2}Prostate: 2 delivered/m);
    expect(text.stdout).not.toMatch(/^ {2}prostate:/m);

    const csv = await cli('report', 'sla', '2026-11-01', '2026-11-20', '--csv');
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^2026-11-01,2026-11-20,all,,,3,2,0\.6667,4,8\.8,1,18,/);
    // An area row keeps its id (for spreadsheets) and gains its label.
    expect(csv.stdout).toMatch(/\r\n2026-11-01,2026-11-20,area,prostate,Prostate,2,/);

    const json = await cli('report', 'sla', '2026-10', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ period: { from: '2026-10-01', to: '2026-10-31' }, total: { delivered: 1 } });
  }, 60_000);

  it('report sla with a bad period says what is wrong and exits 2', async () => {
    const res = await cli('report', 'sla', '2026-11-30', '2026-11-01');
    expect(res.code).toBe(2);
    expect(res.stdout).toContain('the period ends before it starts');
  }, 60_000);

  it('case history with personal data, for a manager: the export names the patient and is itself recorded as a view', async () => {
    const res = await cli('case', 'history', refs.A, '--with-personal-data', '--as', 'UMGR00001');
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout) as { personalData: { patientName: string }; events: { kind: string; actor: string; actorName: string | null }[] };
    expect(body.personalData.patientName).toBe('Maria Rossi');
    expect(body.events.at(-1)).toMatchObject({ kind: 'details_viewed', actor: `cli:${userInfo().username} as UMGR00001`, actorName: 'Head of service' });

    const csv = await cli('case', 'history', refs.A, '--csv');
    expect(csv.stdout).toContain(`${refs.A},1,case_created,api:portal`);
    expect(csv.stdout).not.toContain('Maria Rossi');
  }, 60_000);

  it('case history with personal data is refused to a doctor and without --as', async () => {
    const doctor = await cli('case', 'history', refs.A, '--with-personal-data', '--as', 'UDOC00001');
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('This needs the role manager or admin.');
    expect((await cli('case', 'history', refs.A, '--with-personal-data')).code).toBe(2);
  }, 60_000);

  it('case erase on request: personal data gone, recorded with the reason; refused while the case is open', async () => {
    const open = await cli('case', 'erase', refs.D, '--reason', "patient's request");
    expect(open.code).toBe(1);
    expect(await app.cases.personalData((await app.cases.get(refs.D)).id)).toBeDefined();

    const res = await cli('case', 'erase', refs.B, '--reason', "patient's request of 2026-11-30");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`${refs.B}: personal data erased`);
    const view = await app.cases.get(refs.B);
    expect(await app.cases.personalData(view.id)).toBeUndefined();
    expect((await app.cases.history(refs.B)).at(-1)).toMatchObject({
      actor: expect.stringMatching(/^cli:/),
      reason: "patient's request of 2026-11-30",
      data: { type: 'personal_data_erased' },
    });
    expect((await cli('case', 'erase', refs.B)).code).toBe(2); // no reason given
  }, 60_000);
});

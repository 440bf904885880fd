import { describe, expect, it } from 'vitest';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { seedNovember } from '../support/report-fixture.js';

const app = await startTestApp({ now: '2026-10-05 09:00' });
await seedNovember(app);

async function get(path: string, token: string | null = API_TOKEN): Promise<Response> {
  return fetch(`${app.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

const NOVEMBER_TOTAL = {
  delivered: 3,
  onTime: 2,
  onTimeRate: 0.6667,
  medianWorkingDays: 4,
  p90WorkingDays: 8.8,
  pauses: 1,
  pausedWorkingHours: 18,
  openNow: 2,
  breachedNow: 1,
};

describe('SLA report', () => {
  it('a manager asks for November: delivered, on-time rate, median and 90th percentile turnaround, pauses, open and breached now', async () => {
    const res = await get('/api/v1/reports/sla?from=2026-11');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.period).toEqual({ from: '2026-11-01', to: '2026-11-30', timeZone: 'Europe/Rome' });
    expect(body.total).toEqual(NOVEMBER_TOTAL);
  });

  it('the report is broken down by pathology area and by doctor', async () => {
    const body = (await (await get('/api/v1/reports/sla?from=2026-11-01&to=2026-11-30')).json()) as {
      byArea: { area: string; delivered: number; medianWorkingDays: number | null; pausedWorkingHours: number; openNow: number; breachedNow: number }[];
      byDoctor: { userId: string; delivered: number; onTime: number }[];
    };
    expect(body.byArea.find((a) => a.area === 'prostate')).toMatchObject({ delivered: 2, medianWorkingDays: 6, openNow: 1, breachedNow: 1 });
    expect(body.byArea.find((a) => a.area === 'sarcoma')).toMatchObject({ delivered: 1, medianWorkingDays: 4, pausedWorkingHours: 18, openNow: 1, breachedNow: 0 });
    expect(body.byArea.find((a) => a.area === 'eye')).toMatchObject({ delivered: 0, medianWorkingDays: null });
    expect(body.byDoctor).toEqual([
      expect.objectContaining({ userId: 'UDOC00001', delivered: 2, onTime: 1 }),
      expect.objectContaining({ userId: 'UDOC00002', delivered: 1, onTime: 1 }),
    ]);
  });

  it('a period before November counts only its own deliveries', async () => {
    const body = (await (await get('/api/v1/reports/sla?from=2026-10-01&to=2026-10-31')).json()) as { total: { delivered: number; medianWorkingDays: number } };
    expect(body.total).toMatchObject({ delivered: 1, medianWorkingDays: 2 });
  });

  it('as CSV: one row for the period, one per area and one per doctor, ready for a spreadsheet', async () => {
    const res = await get('/api/v1/reports/sla?from=2026-11&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('sla-report-2026-11-01-2026-11-30.csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'period_from,period_to,scope,key,name,delivered,on_time,on_time_rate,median_working_days,p90_working_days,pauses,paused_working_hours,open_now,breached_now',
    );
    expect(lines[1]).toBe('2026-11-01,2026-11-30,all,,,3,2,0.6667,4,8.8,1,18,2,1');
    expect(lines).toContain('2026-11-01,2026-11-30,doctor,UDOC00002,,1,1,1,4,4,1,18,0,0');
  });

  it('a bad period is a 400 that names the problem, and no token is a 401', async () => {
    for (const query of ['from=2026-11-31&to=2026-12-01', 'from=2026-12-01&to=2026-11-01', 'from=2026-11-01', 'from=2020-01-01&to=2026-11-30', 'from=2026-13', 'format=xml', 'colour=red']) {
      const res = await get(`/api/v1/reports/sla?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
      expect(body.issues.length, query).toBeGreaterThan(0);
    }
    expect((await get('/api/v1/reports/sla', null)).status).toBe(401);
  });

  it("the chart's last 12 weeks: delivered and on time per week, open cases at each week's end", async () => {
    const trend = await app.reports.weeklyTrend();
    expect([trend.fromDate, trend.toDate]).toEqual(['2026-09-07', '2026-11-29']);
    expect(trend.weeks.map((w) => w.isoMonday).slice(-4)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(trend.weeks.map((w) => w.delivered)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0]);
    expect(trend.weeks.map((w) => w.onTimeRate)).toEqual([null, null, null, null, 1, null, null, null, 1, 1, 0, null]);
    expect(trend.weeks.map((w) => w.openAtEnd)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1, 2]);
  });
});

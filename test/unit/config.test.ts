import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARIABLES, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('has working defaults matching the specification', () => {
    const c = loadConfig({});
    expect(c.calendar).toMatchObject({
      timeZone: 'Europe/Rome',
      workingWeekdays: [1, 2, 3, 4, 5],
      openMinute: 540,
      closeMinute: 1080,
      holidays: { country: 'IT' },
      extraClosures: [{ kind: 'yearly', month: 12, day: 9, name: 'San Siro (patron saint of Pavia)' }],
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
        'API_TOKENS.0',
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

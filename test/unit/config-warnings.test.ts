import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../src/config.js';
import { unknownVariableMessage, unknownVariables } from '../../src/config-warnings.js';

describe('variables that look like ours but are not', () => {
  it('a misspelt name is named with the known one closest to it', () => {
    expect(unknownVariables({ SLA_HOLDAYS: 'IT/25' })).toEqual([{ name: 'SLA_HOLDAYS', closest: 'SLA_HOLIDAYS' }]);
    expect(unknownVariables({ NOTIFY_DUE_SOON: '1d' })).toEqual([{ name: 'NOTIFY_DUE_SOON', closest: 'NOTIFY_DUE_SOON_BEFORE' }]);
    expect(unknownVariables({ PRICE_COURRIER_CENTS: '0' })).toEqual([{ name: 'PRICE_COURRIER_CENTS', closest: 'PRICE_COURIER_CENTS' }]);
    expect(unknownVariables({ SLACK_BOT_TOKNE: 'x' })).toEqual([{ name: 'SLACK_BOT_TOKNE', closest: 'SLACK_BOT_TOKEN' }]);
    expect(unknownVariables({ API_TOKEN: 'x' })).toEqual([{ name: 'API_TOKEN', closest: 'API_TOKENS' }]);
    expect(unknownVariableMessage({ name: 'SLA_HOLDAYS', closest: 'SLA_HOLIDAYS' })).toBe(
      'SLA_HOLDAYS is not a setting opinion-desk knows and is ignored: did you mean SLA_HOLIDAYS?',
    );
  });

  it('every prefix of the configuration is watched', () => {
    const names = ['MAIL_HOTS', 'BANK_FOLDER_X', 'PAYMENTS_XYZ', 'METRICS_PROT'];
    expect(unknownVariables(Object.fromEntries(names.map((n) => [n, '1']))).map((v) => v.name)).toEqual([...names].sort());
  });

  it('known names, and names without our prefixes, are left alone', () => {
    const known = Object.fromEntries(ENV_VARIABLES.map((n) => [n, 'x']));
    expect(unknownVariables({ ...known, HOME: '/root', PATH: '/bin', SLAB: '1', NODE_OPTIONS: '' })).toEqual([]);
    // What .env.example lists is known by construction: its names are the schema's.
    const listed = readFileSync('.env.example', 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l));
    expect(unknownVariables(Object.fromEntries(listed.map((l) => l.split('=') as [string, string])))).toEqual([]);
  });
});

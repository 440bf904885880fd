import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The container files agree with the rest of the project: what an operator puts in `.env` reaches the
 * app under `docker compose up`, and the image runs the Node version the project is developed on.
 */

/** The lines of one service's block in docker-compose.yml (two-space indentation under `services:`). */
function serviceBlock(compose: string, name: string): string[] {
  const lines = compose.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  if (start < 0) throw new Error(`docker-compose.yml has no service ${name}`);
  const end = lines.findIndex((l, i) => i > start && /^ {0,2}\S/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The keys set under `environment:` in a service block (`KEY: value` lines one level deeper). */
function environmentKeys(block: string[]): string[] {
  const start = block.findIndex((l) => /^ {4}environment:/.test(l));
  if (start < 0) return [];
  const keys: string[] = [];
  for (const line of block.slice(start + 1)) {
    if (!/^ {6}/.test(line)) break;
    const m = /^ {6}([A-Z_]+):/.exec(line);
    if (m) keys.push(m[1]!);
  }
  return keys;
}

describe('docker compose', () => {
  const compose = readFileSync('docker-compose.yml', 'utf8');

  it.each([
    ['migrate', ['DATABASE_URL', 'REDIS_URL']],
    ['app', ['DATABASE_URL', 'PORT', 'REDIS_URL']],
  ])('%s reads .env whole and overrides only the containers’ own addresses', (service, own) => {
    const block = serviceBlock(compose, service);
    const envFile = block.findIndex((l) => /^ {4}env_file:/.test(l));
    expect(envFile, `${service} has env_file`).toBeGreaterThanOrEqual(0);
    expect(block.slice(envFile, envFile + 3).join('\n')).toMatch(/(env_file: \.env$|^ {6}- \.env$)/m);
    // Anything else listed in `environment` would shadow the operator's .env (compose gives it precedence).
    expect(environmentKeys(block).sort()).toEqual(own);
  });
});

describe('Node version', () => {
  it('the image and .nvmrc name the same major version, one the engines field accepts', () => {
    const nvmrc = readFileSync('.nvmrc', 'utf8').trim();
    const major = /^v?(\d+)/.exec(nvmrc)?.[1];
    const images = [...readFileSync('Dockerfile', 'utf8').matchAll(/^FROM node:(\d+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    expect(new Set(images)).toEqual(new Set([major]));
    const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(new RegExp(`^>=${major}\\.`));
  });
});

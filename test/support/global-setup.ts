import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/db/migrate.js';
import { adminUrl, databaseUrl } from './db-urls.js';
import { processesOfRun } from './run-marker.js';
import { deleteKeys, keysMatching } from './redis-keys.js';

/**
 * Once per test run: a template database with the schema, from which every test file clones its own
 * database. Everything this run creates carries its random run id and is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const template = `od_test_tpl_${runId}`;
  await migrateToLatest(databaseUrl(template));
  project.provide('templateDatabase', template);
  project.provide('runId', runId);
  const buildDir = await buildEntries(runId);
  project.provide('buildDir', buildDir);

  return async () => {
    // Nothing this run started may outlive it: processes are stopped and keys removed, and the run fails.
    const leftovers: string[] = [];
    const processes = processesOfRun(runId);
    for (const pid of processes) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (processes.length > 0) leftovers.push(`${processes.length} process(es) still running (pids ${processes.join(', ')})`);
    const keys = await keysMatching(`odt-${runId}-*`);
    if (keys.length > 0) {
      await deleteKeys(`odt-${runId}-*`);
      leftovers.push(`${keys.length} Redis key(s) with this run's prefix odt-${runId}-: ${keyGroups(keys)}`);
    }

    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `od_test_%${runId}%`,
      ]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await rm(buildDir, { recursive: true, force: true });
    if (leftovers.length > 0) {
      const message = `Tests left behind: ${leftovers.join('; ')}`;
      // Vitest reports an error thrown here and still exits 0: the exit code must say it too.
      process.exitCode = 1;
      process.stderr.write(`\n${message}\n\n`);
      throw new Error(message);
    }
  };
}

/**
 * The leftover keys by BullMQ prefix and queue (`odt-<run>-notifications-3fa2b1:slack-outbox (12)`):
 * a prefix names the test file that made it (`testPrefix`), the queue says which part leaked.
 */
export function keyGroups(keys: readonly string[]): string {
  const groups = new Map<string, number>();
  for (const key of keys) {
    const group = key.split(':').slice(0, 2).join(':');
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([group, n]) => `${group} (${n})`).join(', ');
}

/**
 * The entry points that tests start as processes, built once per run with the same transform tsx
 * applies (esbuild), dependencies left as imports. Started with plain `node`, a process is up in
 * about a third of a second instead of two to three seconds of transforming sources through tsx's
 * loader, and the suite starts about thirty of them. Kept under node_modules so that the built files
 * resolve packages (and the chart's fonts) exactly as the sources do.
 */
async function buildEntries(runId: string): Promise<string> {
  const outdir = join(process.cwd(), 'node_modules', '.cache', 'opinion-desk-tests', runId);
  await build({
    entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts', 'migrate-cli': 'src/db/migrate-cli.ts', 'mail-sender': 'test/support/mail-sender-process.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outdir;
}

declare module 'vitest' {
  export interface ProvidedContext {
    buildDir: string;
    templateDatabase: string;
    runId: string;
  }
}

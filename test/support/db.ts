import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createDb, type Db } from '../../src/db/database.js';
import { adminUrl, databaseUrl } from './db-urls.js';

export interface TestDatabase {
  url: string;
  db: Db;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for this test file, cloned from the migrated template and dropped after the file. */
export async function testDatabase(): Promise<TestDatabase> {
  return database(`od_test_${randomBytes(4).toString('hex')}_${inject('runId')}`, `TEMPLATE "${inject('templateDatabase')}"`);
}

/** An empty database for a migration's test, which migrates it to the schema it starts from; dropped after the file. */
export async function emptyDatabase(): Promise<TestDatabase> {
  return database(`od_test_mig_${randomBytes(4).toString('hex')}_${inject('runId')}`, '');
}

/** The migration just before this one: the schema its test starts from. */
export function migrationBefore(migration: string): string {
  const names = Object.keys(migrations).sort();
  const i = names.indexOf(migration);
  if (i < 1) throw new Error(`no migration before ${migration}`);
  return names[i - 1]!;
}

async function database(name: string, clause: string): Promise<TestDatabase> {
  await admin((c) => c.query(`CREATE DATABASE "${name}" ${clause}`.trim()));
  const url = databaseUrl(name);
  const db = createDb(url);
  afterAll(async () => {
    await db.destroy();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  return { url, db };
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
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
  const name = `od_test_${randomBytes(4).toString('hex')}_${inject('runId')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`));
  const url = databaseUrl(name);
  const db = createDb(url);
  afterAll(async () => {
    await db.destroy();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  return { url, db };
}

import { Migrator, type MigrationResult } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { createDb } from './database.js';

/** Creates the database named in the URL when it does not exist yet (first start on a fresh server). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((err: { code?: string }) => {
        // Another process created it in the meantime.
        if (err.code !== '42P04') throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/** Runs every pending migration; running it again is a no-op. */
export async function migrateToLatest(databaseUrl: string): Promise<MigrationResult[]> {
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, 1);
  try {
    // Features developed side by side add migrations in their own hour bands: one that sorts before a
    // migration already applied (e.g. T1000 after T1600 ran) is applied rather than refused.
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return results ?? [];
  } finally {
    await db.destroy();
  }
}

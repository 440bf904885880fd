import { ConfigError, loadConfig, readEnvironment } from '../config.js';
import { unknownVariableMessage, unknownVariables } from '../config-warnings.js';
import { migrateToLatest, type MigrationLog } from './migrate.js';

/** `npm run migrate` (in the image: `node dist/src/db/migrate-cli.js`): waits for PostgreSQL, then migrates. */
const say = (line: string) => process.stderr.write(`${line}\n`);
const logger: MigrationLog = {
  info: (fields, message) => say(`${message} ${JSON.stringify(fields)}`),
  warn: (fields, message) => say(`${message} ${JSON.stringify(fields)}`),
};

try {
  const environment = readEnvironment();
  for (const v of unknownVariables(environment)) say(`Warning: ${unknownVariableMessage(v)}`);
  const config = loadConfig(environment);
  const results = await migrateToLatest(config.databaseUrl, { logger });
  if (results.length === 0) console.log('Database schema is up to date.');
  for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
} catch (err) {
  say(err instanceof ConfigError ? err.message : `Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}

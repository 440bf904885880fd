import { operatorEnvironment } from '../cli-environment.js';
import { ConfigError, loadConfig, readEnvironment } from '../config.js';
import { unknownVariables } from '../config-warnings.js';
import { databaseProblem, databaseTarget } from '../cli-database.js';
import { messages } from '../i18n/messages.js';
import { migrateToLatest, PostgresWaitTimeout, type PostgresWaitReport } from './migrate.js';

/**
 * `npm run migrate` (in the image: `node dist/src/db/migrate-cli.js`): waits for PostgreSQL, then
 * migrates, saying which database (host, user) in the operator's language (LOCALE, as the CLI reads it).
 */
const say = (line: string) => process.stderr.write(`${line}\n`);

const { environment, locale } = operatorEnvironment();
const cli = messages(locale).cli;

let databaseUrl: string | null = null;
try {
  for (const v of unknownVariables(environment ?? {})) say(cli.unknownVariable(v.name, v.closest));
  const config = loadConfig(environment ?? readEnvironment());
  databaseUrl = config.databaseUrl;
  const target = databaseTarget(config.databaseUrl);
  const report: PostgresWaitReport = {
    waiting: (w) => say(cli.migrate.waiting(target, w.cause, w.waitSeconds)),
    accepted: () => say(cli.migrate.accepted(target)),
  };
  const results = await migrateToLatest(config.databaseUrl, { report });
  for (const r of results) console.log(cli.migrate.applied(r.migrationName));
  console.log(results.length === 0 ? cli.migrate.upToDate(target) : cli.migrate.migrated(target, results.length));
} catch (err) {
  if (err instanceof ConfigError) {
    say(err.message);
    process.exit(2);
  }
  if (databaseUrl === null) throw err;
  const target = databaseTarget(databaseUrl);
  const cause = err instanceof Error ? err.message : String(err);
  say(
    err instanceof PostgresWaitTimeout
      ? cli.migrate.gaveUp(target, err.waitSeconds, err.lastError)
      : (databaseProblem(err, databaseUrl, locale) ?? cli.migrate.failed(target, cause)),
  );
  process.exit(1);
}

import { startApp } from './app.js';
import { ConfigError, loadConfig, parseStartArguments, type Config } from './config.js';
import { createLogger } from './logger.js';

/** `node dist/src/main.js [web|worker|all] [--migrate]` */

/** After the first SIGTERM/SIGINT the process is gone within this, whatever does not answer. */
const SHUTDOWN_DEADLINE_MS = 9_000;

const start = parseStartArguments(process.argv.slice(2));
let config: Config;
try {
  // The command line's problems and the environment's (with .env) come in one message.
  config = loadConfig(undefined, start.problems);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}

const logger = createLogger(config.logLevel);
let stopping = false;
let app: Awaited<ReturnType<typeof startApp>> | null = null;

// Installed before start-up: a signal while waiting for PostgreSQL or Redis still stops the process.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing work in flight');
    setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    (app?.close() ?? Promise.resolve()).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

try {
  app = await startApp({ config, role: start.role, logger, migrate: start.migrate || config.migrateOnStart });
} catch (err) {
  logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'start failed');
  process.exit(1);
}
if (stopping) await app.close().finally(() => process.exit(0));

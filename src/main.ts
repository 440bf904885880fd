import { startApp } from './app.js';
import { ConfigError, loadConfig, parseStartArguments, readEnvironment, type Config } from './config.js';
import { unknownVariableMessage, unknownVariables } from './config-warnings.js';
import { PortUnavailableError } from './http/listen.js';
import { createLogger } from './logger.js';

/** `node dist/src/main.js [web|worker|all] [--migrate]` */

/** After the first SIGTERM/SIGINT the process is gone within this, whatever does not answer. */
const SHUTDOWN_DEADLINE_MS = 9_000;

const start = parseStartArguments(process.argv.slice(2));
let config: Config;
let environment: ReturnType<typeof readEnvironment> = {};
try {
  // The command line's problems and the environment's (with .env) come in one message.
  environment = readEnvironment();
  config = loadConfig(environment, start.problems);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // A typo in a name is often the cause of a problem listed (a required setting "missing").
  const hints = unknownVariables(environment).map((v) => `  (${unknownVariableMessage(v)})\n`);
  process.stderr.write(`${err.message}\n${hints.join('')}`);
  process.exit(2);
}

const logger = createLogger(config.logLevel);
// Names only, never values (a value may be a token).
for (const v of unknownVariables(environment)) logger.warn({ variable: v.name, closest: v.closest }, unknownVariableMessage(v));
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
  // A port taken: one line naming the port and the setting to change (Node's own is "listen EADDRINUSE :::3000").
  if (err instanceof PortUnavailableError) logger.fatal({ port: err.port, setting: err.setting, code: err.code }, `start failed: ${err.message}`);
  else logger.fatal({ err: err instanceof Error ? err.message : String(err) }, 'start failed');
  process.exit(1);
}
if (stopping) await app.close().finally(() => process.exit(0));

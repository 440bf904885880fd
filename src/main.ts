import { ROLES, startApp, type ProcessRole } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** `node dist/src/main.js [web|worker|all] [--migrate]` */
const args = process.argv.slice(2);
const role = (args.find((a) => !a.startsWith('--')) ?? 'all') as ProcessRole;
if (!ROLES.includes(role)) {
  process.stderr.write(`Unknown role "${role}": use one of ${ROLES.join(', ')}.\n`);
  process.exit(2);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}

const logger = createLogger(config.logLevel);
const app = await startApp({ config, role, logger, migrate: args.includes('--migrate') || config.migrateOnStart });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing work in flight');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

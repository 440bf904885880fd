import { Redis } from 'ioredis';

/** How long a command on the app's own Redis connection may take before it fails. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/**
 * The app's own connection (health checks, short-lived markers): it fails fast instead of queueing
 * commands while Redis is away, so nothing that answers a person waits on Redis. BullMQ's workers
 * have their own blocking connections (`jobs/`).
 */
export function createRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    lazyConnect: false,
  });
}

export type { Redis };

import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './db-urls.js';

/** Keys matching `pattern` on the test Redis (or another URL): each run uses its own prefix. */
export async function keysMatching(pattern: string, url = TEST_REDIS_URL): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    return found;
  } finally {
    redis.disconnect();
  }
}

/** Deletes the keys matching `pattern` (only ever this run's own prefix). Answers how many went. */
export async function deleteKeys(pattern: string, url = TEST_REDIS_URL): Promise<number> {
  const keys = await keysMatching(pattern, url);
  if (keys.length === 0) return 0;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    return keys.length;
  } finally {
    redis.disconnect();
  }
}

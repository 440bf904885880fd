import express, { type Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Redis } from '../redis.js';

const CHECK_TIMEOUT_MS = 1_000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
  ]);
}

async function answers(check: () => Promise<unknown>): Promise<boolean> {
  try {
    await withTimeout(check());
    return true;
  } catch {
    return false;
  }
}

/** `/healthz`: the process is alive. `/readyz`: PostgreSQL and Redis answer, so traffic can come. */
export function healthRouter(db: Db, redis: Redis): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [postgres, redisOk] = await Promise.all([
      answers(() => sql`SELECT 1`.execute(db)),
      answers(() => redis.ping()),
    ]);
    const ready = postgres && redisOk;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      checks: { postgres: postgres ? 'ok' : 'failing', redis: redisOk ? 'ok' : 'failing' },
    });
  });
  return router;
}

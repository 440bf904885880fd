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

/** What the last Slack calls said about the token and URL; `null` when Slack is not configured. */
export type SlackDetail = () => { status: 'ok' | 'failing' | 'unknown'; error?: string; since?: string } | null;

/**
 * `/healthz`: the process is alive. `/readyz`: PostgreSQL and Redis answer, so traffic can come.
 * Slack is shown in the details but never makes the process unready: the API and the outbox work
 * while Slack is down, and messages go out when it is back.
 */
export function healthRouter(db: Db, redis: Redis, slack: SlackDetail = () => null): Router {
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
    const slackDetail = slack();
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      checks: { postgres: postgres ? 'ok' : 'failing', redis: redisOk ? 'ok' : 'failing' },
      ...(slackDetail ? { slack: slackDetail } : {}),
    });
  });
  return router;
}

import express, { type Router } from 'express';

/** A check gets this long; a dependency that does not answer in time counts as failing. */
export const CHECK_TIMEOUT_MS = 1_000;

export interface CheckResult {
  /** `unknown`: not known yet (e.g. Slack before its first call); a required check must be `ok`. */
  status: 'ok' | 'failing' | 'unknown';
  /** What an operator needs to act: an error message, a count. Never a secret or a body. */
  error?: string;
  /** Since when it has been in this state (ISO instant), when known. */
  since?: string;
}

/**
 * One dependency as `/readyz` reports it. A `required` check that fails makes the process not ready
 * (503); an advisory one (e.g. Slack) is reported in the details without taking traffic away.
 */
export interface ReadinessCheck {
  name: string;
  required: boolean;
  check(): Promise<CheckResult>;
}

async function run(c: ReadinessCheck): Promise<CheckResult & { required: boolean; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'failing', error: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
    timer.unref();
  });
  const result = await Promise.race([
    c.check().catch((err: unknown): CheckResult => ({ status: 'failing', error: err instanceof Error ? err.message : String(err) })),
    timeout,
  ]).finally(() => clearTimeout(timer));
  return { ...result, required: c.required, ms: Math.round(performance.now() - started) };
}

/**
 * `/healthz`: the process is alive (answers without touching any dependency). `/readyz`: every
 * required dependency answers, with each dependency's state in the body, e.g.
 * `{ "status": "unavailable", "failing": ["redis"], "checks": { "postgres": { "status": "ok", "required": true, "ms": 2 },
 * "redis": { "status": "failing", "required": true, "ms": 0, "error": "…" } } }`.
 * Checks can be added after the router is mounted (`readiness.add`).
 */
export function healthRouter(initial: readonly ReadinessCheck[] = []): Router & { add(check: ReadinessCheck): void } {
  const checks = [...initial];
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(checks.map(async (c) => [c.name, await run(c)] as const));
    const failing = results.filter(([, r]) => r.required && r.status !== 'ok').map(([name]) => name);
    res.status(failing.length === 0 ? 200 : 503).json({
      status: failing.length === 0 ? 'ready' : 'unavailable',
      ...(failing.length > 0 ? { failing } : {}),
      checks: Object.fromEntries(results),
    });
  });
  return Object.assign(router, { add: (check: ReadinessCheck) => void checks.push(check) });
}

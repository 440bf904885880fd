import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The time a request may still spend waiting for PostgreSQL, over all its steps together (SPEC
 * section 6: no API call waits more than the bound). Outside a request (jobs, Slack work after the
 * acknowledgement) each step has the whole bound.
 */
const budget = new AsyncLocalStorage<{ deadline: number }>();

/** Runs `fn` with a budget that ends at `deadline` (a `performance.now()` instant). */
export function withWaitDeadline<T>(deadline: number, fn: () => T): T {
  return budget.run({ deadline }, fn);
}

/** How long the next wait may last: the step's own bound, or less when the request's budget ends sooner. */
export function nextWaitMs(stepBoundMs: number): number {
  const current = budget.getStore();
  return current ? Math.min(stepBoundMs, Math.max(0, current.deadline - performance.now())) : stepBoundMs;
}

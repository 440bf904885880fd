import type { Logger } from '../logger.js';

/** However busy the process stays, a waiting chart starts after this long (it must not starve). */
const LONGEST_YIELD_MS = 10_000;
/** How often a waiting chart looks again whether the process is still busy. */
const RECHECK_MS = 25;

/**
 * Drawing a chart takes the CPU for a while (Vega, then resvg, each a long stretch without a break),
 * and the process that draws it also acknowledges Slack's requests within 3 s. Charts asked for by
 * people (`/so report`) are therefore drawn at most `limit` at a time, in the order they were asked,
 * and a chart starts only while no request waits for its acknowledgement (`busy`), or once it has
 * waited `LONGEST_YIELD_MS`: a burst of reports is acknowledged first, then drawn. A task never holds
 * a database connection or transaction while it waits.
 */
export class RenderQueue {
  private running = 0;
  private readonly waiting: { since: number; run: () => Promise<void> }[] = [];
  private idleWaiters: (() => void)[] = [];
  private recheck: NodeJS.Timeout | null = null;
  /** The most tasks that ever ran at once: what the limit is for (read by tests and benches). */
  peakRunning = 0;

  constructor(
    readonly limit: number,
    private readonly logger: Logger,
    private readonly busy: () => boolean = () => false,
  ) {}

  /** Queues a task and returns at once; it starts on a later turn of the event loop, never inside the caller's. */
  push(name: string, task: () => Promise<void>): void {
    this.waiting.push({
      since: Date.now(),
      run: async () => {
        this.logger.debug({ task: name, running: this.running, waiting: this.waiting.length }, 'chart render started');
        try {
          await task();
        } catch (err) {
          this.logger.warn({ task: name, err: err instanceof Error ? err.message : String(err) }, 'chart render failed');
        }
        this.logger.debug({ task: name }, 'chart render finished');
      },
    });
    setImmediate(() => this.next());
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private next(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      if (this.busy() && Date.now() - this.waiting[0]!.since < LONGEST_YIELD_MS) {
        this.recheck ??= setTimeout(() => {
          this.recheck = null;
          this.next();
        }, RECHECK_MS);
        return;
      }
      const task = this.waiting.shift()!;
      this.running++;
      this.peakRunning = Math.max(this.peakRunning, this.running);
      void task.run().finally(() => {
        this.running--;
        this.next();
      });
    }
    if (this.running === 0 && this.waiting.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

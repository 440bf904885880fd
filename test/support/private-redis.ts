import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { spawnTracked, type Spawned } from './processes.js';
import { answers, freePort } from './ports.js';
import { runDirPrefix } from './run-marker.js';
import { waitFor } from './slack-app.js';

/**
 * A Redis server of this test file's own, on a free port, that the test may stop and start again
 * (never the shared one). Removed with its files when the file ends.
 */
export class PrivateRedis {
  private process: Spawned | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), runDirPrefix(inject('runId'))));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    afterAll(async () => {
      await redis.stop();
      rmSync(redis.dir, { recursive: true, force: true });
    });
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port, without persistence: it comes back empty, as after a crash. */
  async up(): Promise<void> {
    this.process = spawnTracked('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--maxmemory-policy', 'noeviction', '--dir', this.dir,
    ], { cwd: this.dir });
    await waitFor(() => answers(this.port), 10_000);
  }

  async stop(): Promise<void> {
    const p = this.process;
    this.process = null;
    if (!p || p.child.exitCode !== null) return;
    p.child.kill('SIGKILL');
    await p.exited;
  }
}

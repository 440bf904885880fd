import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { spawnTracked, type Spawned } from './processes.js';
import { runDirPrefix } from './run-marker.js';
import { waitFor } from './slack-app.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answers(port: number): Promise<boolean> {
  const { Socket } = await import('node:net');
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
  });
}

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

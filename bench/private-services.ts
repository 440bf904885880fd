/**
 * A Redis server and a PostgreSQL cluster of a benchmark's own, on free ports in a temporary folder,
 * that it may stop and start again: the machine's shared servers are never stopped, restarted or
 * flushed (other work depends on them). Both are removed with their files by `remove()`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { answers, freePort } from '../test/support/ports.js';

/**
 * Whatever happens to the benchmark (an error, Ctrl-C), its servers do not outlive it: each one
 * started is stopped and its folder removed when the process ends.
 */
const started = new Set<{ removeNow(): void }>();
process.once('exit', () => started.forEach((s) => s.removeNow()));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    started.forEach((s) => s.removeNow());
    process.exit(130);
  });
}

async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} did not answer in ${timeoutMs / 1000} s`);
    await sleep(50);
  }
}

export class PrivateRedis {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'od-bench-redis-'));
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    started.add(redis);
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port, without persistence: it comes back empty, as after a crash. */
  async up(): Promise<void> {
    if (this.child) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--dir', this.dir];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    await until(() => answers(this.port), 'private Redis');
  }

  async down(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async remove(): Promise<void> {
    await this.down();
    this.removeNow();
  }

  /** Synchronous, for the process's last moments. */
  removeNow(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
    rmSync(this.dir, { recursive: true, force: true });
    started.delete(this);
  }
}

/** The newest PostgreSQL server binaries of the machine's packages (`/usr/lib/postgresql/<version>/bin`). */
function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[0]!, 'bin');
}

/**
 * PostgreSQL refuses to run as root: when the benchmark runs as root, the cluster is made and run by
 * the `postgres` system user, in a folder it owns.
 */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export class PrivatePostgres {
  private readonly bin = postgresBin();
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'od-bench-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const pg = new PrivatePostgres(await freePort(), dir);
    started.add(pg);
    const [cmd, args] = asServerUser(join(pg.bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    execFileSync(cmd, args, { stdio: 'ignore' });
    await pg.up();
    return pg;
  }

  /** The maintenance database, for creating and dropping the benchmark's own. */
  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async up(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    const [cmd, args] = asServerUser(join(this.bin, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-o', options, '-l', join(this.dir, 'log'), '-w', 'start']);
    execFileSync(cmd, args, { stdio: 'ignore' });
    await until(() => answers(this.port), 'private PostgreSQL');
  }

  private frozen: number[] = [];

  /**
   * PostgreSQL as a hung server looks: the postmaster and every backend stopped (SIGSTOP). The
   * kernel still accepts connections and takes queries; nothing answers until `thaw`.
   */
  freeze(): void {
    const postmaster = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    this.frozen = [postmaster, ...children];
    for (const pid of this.frozen) process.kill(pid, 'SIGSTOP');
  }

  thaw(): void {
    for (const pid of this.frozen) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile
      }
    }
    this.frozen = [];
  }

  /** A fast shutdown, as a restart by an operator or a failover would do: connections are cut. */
  down(): void {
    this.thaw();
    const [cmd, args] = asServerUser(join(this.bin, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    execFileSync(cmd, args, { stdio: 'ignore' });
  }

  remove(): void {
    this.removeNow();
  }

  removeNow(): void {
    try {
      this.down();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
    started.delete(this);
  }
}

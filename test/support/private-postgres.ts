import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { spawnTracked, type Spawned } from './processes.js';
import { answers, freePort } from './ports.js';
import { runDirPrefix } from './run-marker.js';
import { waitFor } from './slack-app.js';

/** The newest PostgreSQL server binaries of the machine's packages (`/usr/lib/postgresql/<version>/bin`). */
function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root: then its cluster is made and run as the `postgres` user. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Processes whose parent is `pid` (Linux: read from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * A PostgreSQL cluster of this test file's own, on a free port, that the test may stop or freeze
 * (never the shared one). Stopped and removed with its files when the file ends.
 */
export class PrivatePostgres {
  private process: Spawned | null = null;
  private frozen: number[] = [];
  private readonly bin = postgresBin();
  private readonly user = serverUser();

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), runDirPrefix(inject('runId'))));
    const pg = new PrivatePostgres(await freePort(), dir);
    afterAll(async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    if (pg.user) chownSync(dir, pg.user.uid, pg.user.gid);
    execFileSync(join(pg.bin, 'initdb'), ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions'], {
      stdio: 'ignore',
      cwd: dir,
      ...(pg.user ?? {}),
    });
    await pg.up();
    return pg;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** A database URL on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async up(): Promise<void> {
    this.process = spawnTracked(
      join(this.bin, 'postgres'),
      ['-D', this.dataDir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      { cwd: this.dir, ...(this.user ?? {}) },
    );
    await waitFor(() => answers(this.port), 20_000);
    // Listening comes before accepting queries ("the database system is starting up").
    await waitFor(async () => {
      const client = new pg.Client({ connectionString: this.url() });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, 20_000);
  }

  /**
   * PostgreSQL as a hung server looks: the postmaster and every backend stopped (SIGSTOP). The
   * kernel still accepts connections and takes queries; nothing answers until `thaw`.
   */
  freeze(): void {
    const postmaster = this.process?.child.pid;
    if (postmaster === undefined) throw new Error('the private PostgreSQL is not running');
    this.frozen = [postmaster, ...childrenOf(postmaster)];
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

  /** A fast shutdown, as an operator's restart or a failover does: connections are cut. */
  async stop(): Promise<void> {
    this.thaw();
    const p = this.process;
    this.process = null;
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
    p.child.kill('SIGINT');
    await p.exited;
  }
}

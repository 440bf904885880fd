import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, inject } from 'vitest';
import { spawnTracked, type Spawned } from './processes.js';
import { dovecotConfig, mailUser } from './dovecot-config.js';
import { answers, freePort } from './ports.js';
import { runDirPrefix } from './run-marker.js';
import { waitFor } from './slack-app.js';

export const DOVECOT = '/usr/sbin/dovecot';

/** The processes below `root` (read from /proc), children first found first. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(d), ppid);
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid || out.includes(child)) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}


/**
 * A Dovecot IMAP server of this test file's own (Debian's dovecot-imapd): its configuration, base
 * directory, users and maildirs in a temporary directory of the run, listening on 127.0.0.1 on a free
 * port, plain text logins (loopback only). One per test file; `restart()` stops and starts it on the
 * same port with the same mail (an IMAP server restarting); stopped and removed when the file ends.
 */
export class PrivateDovecot {
  private process: Spawned | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), runDirPrefix(inject('runId'))));
  readonly user = 'desk';
  readonly password = 'imap-Secret-42';

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateDovecot> {
    const d = new PrivateDovecot(await freePort());
    afterAll(async () => {
      await d.stop();
      rmSync(d.dir, { recursive: true, force: true });
    });
    d.configure();
    await d.up();
    return d;
  }

  url(mailbox = 'INBOX'): string {
    return `imap://${this.user}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${mailbox}`;
  }

  private configure(): void {
    const user = mailUser();
    const mail = join(this.dir, 'mail');
    mkdirSync(mail, { recursive: true });
    // The mail processes run as an unprivileged user: the maildirs must be theirs to write.
    chmodSync(this.dir, 0o777);
    chmodSync(mail, 0o777);
    writeFileSync(join(this.dir, 'passwd'), `${this.user}:{PLAIN}${this.password}\n`);
    writeFileSync(join(this.dir, 'dovecot.conf'), dovecotConfig({ dir: this.dir, mail, port: this.port, user }));
  }

  /** Starts (again) on the same port; the mail stays. */
  async up(): Promise<void> {
    rmSync(join(this.dir, 'run'), { recursive: true, force: true });
    this.process = spawnTracked(DOVECOT, ['-F', '-c', join(this.dir, 'dovecot.conf')], { cwd: this.dir });
    await waitFor(async () => (this.process?.child.exitCode !== null ? Promise.reject(new Error(`dovecot exited: ${this.process?.output()}`)) : answers(this.port)), 10_000);
  }

  async stop(): Promise<void> {
    const p = this.process;
    this.process = null;
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
    // A real restart ends the sessions too: the master's children (logins, IMAP sessions) go with it.
    const children = descendants(p.child.pid!);
    p.child.kill('SIGTERM');
    for (const pid of children) killQuietly(pid);
    await p.exited;
    // The master's children (login, imap sessions, log) may outlive it for a moment: none may outlive the test.
    await waitFor(() => this.leftovers().length === 0 || (this.leftovers().forEach((pid) => killQuietly(pid)), false), 10_000);
    // Its children (login, imap) close their sockets right after the master: wait for the port.
    await waitFor(async () => !(await answers(this.port)), 10_000);
  }

  /** Processes still working in this server's directory (Dovecot's children). */
  private leftovers(): number[] {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((pid) => {
        try {
          // Sessions run in the user's home (HOME is in their environment), the others in the base directory.
          return (
            readlinkSync(`/proc/${pid}/cwd`).startsWith(this.dir) ||
            readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(this.dir) ||
            readFileSync(`/proc/${pid}/environ`, 'latin1').includes(this.dir)
          );
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await this.up();
  }

  /** A client of the test's own, e.g. to append messages as if they had arrived. */
  async client(): Promise<ImapFlow> {
    const c = new ImapFlow({ host: '127.0.0.1', port: this.port, secure: false, auth: { user: this.user, pass: this.password }, logger: false });
    await c.connect();
    return c;
  }

  /** Puts messages in a folder (default the inbox), as the mail server does when they arrive. */
  async deliver(raws: readonly string[], folder = 'INBOX'): Promise<void> {
    const c = await this.client();
    try {
      for (const raw of raws) await c.append(folder, raw);
    } finally {
      await c.logout();
    }
  }

  /** How many messages a folder holds now. */
  async count(folder: string): Promise<number> {
    const c = await this.client();
    try {
      const s = await c.status(folder, { messages: true });
      return s ? (s.messages ?? 0) : 0;
    } finally {
      await c.logout();
    }
  }
}

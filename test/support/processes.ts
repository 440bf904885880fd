import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { RUN_MARKER } from './run-marker.js';


export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts a command for this test file; whatever is still running when the file ends is killed. */
export function spawnTracked(
  command: string,
  args: readonly string[],
  o: { env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number } = {},
): Spawned {
  const child = spawn(command, args, {
    env: { ...(o.env ?? process.env), [RUN_MARKER]: inject('runId') },
    cwd: o.cwd,
    ...(o.uid === undefined ? {} : { uid: o.uid }),
    ...(o.gid === undefined ? {} : { gid: o.gid }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => (code as number | null) ?? String(signal));
  running.add({ child, exited });
  return { child, output: () => output, exited };
}

// One hook for the file, registered when the file imports this module (a hook registered inside a
// test would never run): whatever a test started and left running is killed when the file ends.
const running = new Set<{ child: ChildProcess; exited: Promise<unknown> }>();
afterAll(async () => {
  for (const { child, exited } of running) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  running.clear();
});

/**
 * An entry point of the app (`src/main.ts`, `src/cli.ts`, `src/db/migrate-cli.ts`) or the lone mail
 * sender (`test/support/mail-sender-process.ts`), as built once for this run.
 */
export function builtEntry(name: 'main' | 'cli' | 'migrate-cli' | 'mail-sender'): string {
  // An absolute path: the working directory may be elsewhere (e.g. one holding a test's .env).
  return join(inject('buildDir'), `${name}.mjs`);
}

/** `node main.mjs …`: the app as `npm start` runs it, built from the sources of this checkout. */
export function spawnApp(args: readonly string[], o: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Spawned {
  return spawnTracked(process.execPath, [builtEntry('main'), ...args], {
    env: { ...process.env, ...o.env },
    cwd: o.cwd ?? process.cwd(),
  });
}

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Every process a test starts carries this run's marker in its environment, so the global teardown
 * can prove that none outlives `npm test` (and stop any that would), without touching processes of
 * other runs on the same machine.
 */
export const RUN_MARKER = 'OPINION_DESK_TEST_RUN';

/** Where a test's own servers keep their files: the run id in the name tells the teardown whose they are. */
export const runDirPrefix = (runId: string) => `od-test-${runId}-`;

/**
 * Processes (Linux: read from /proc) started by this run: those whose environment carries the
 * marker, and those working in one of the run's directories (redis-server overwrites its environment
 * with its process title).
 */
export function processesOfRun(runId: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const marker = `${RUN_MARKER}=${runId}`;
  return pids
    .filter((pid) => {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`).includes(runDirPrefix(runId))) return true;
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

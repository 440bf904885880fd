import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every process a test starts carries this run's marker in its environment, so the global teardown
 * can prove that none outlives `npm test` (and stop any that would), without touching processes of
 * other runs on the same machine.
 */
export const RUN_MARKER = 'OPINION_DESK_TEST_RUN';

/** Processes (Linux: read from /proc) whose environment carries this run's marker. */
export function processesOfRun(runId: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const marker = `${RUN_MARKER}=${runId}`;
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker);
    } catch {
      return false;
    }
  }).map(Number);
}

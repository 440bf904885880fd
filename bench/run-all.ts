/**
 * Runs the benchmarks one after the other, each in its own process so none warms another:
 *   npm run bench            every benchmark
 *   npm run bench -- sla     only the named ones
 */
import { spawnSync } from 'node:child_process';

const BENCHMARKS: Record<string, string> = {
  sla: 'bench/sla.ts',
  fuzz: 'bench/fuzz.ts',
  delivery: 'bench/delivery.ts',
  scale: 'bench/scale.ts',
  interactions: 'bench/interactions.ts',
  'reports-burst': 'bench/reports-burst.ts',
  drills: 'bench/drills.ts',
  'redis-down': 'bench/redis-down.ts',
  trust: 'bench/trust.ts',
  statements: 'bench/statements.ts',
  mail: 'bench/mail.ts',
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(BENCHMARKS);
let failed = false;
for (const name of names) {
  const script = BENCHMARKS[name];
  if (!script) {
    console.error(`Unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  failed ||= run.status !== 0;
}
process.exit(failed ? 1 : 0);

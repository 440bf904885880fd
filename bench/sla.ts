/**
 * SLA engine throughput: due-instant computations per second on random scenarios with pauses,
 * beside the minute-stepping reference on the same inputs.
 *   npm run bench -- sla        (or: npx tsx bench/sla.ts [count])
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../src/domain/calendar.js';
import { dueInstant, slaStatus, type Pause } from '../src/domain/sla.js';
import { MinuteSteppingReference } from '../test/support/minute-reference.js';
import { seededRandom } from './random.js';

const MINUTE = 60_000;
const count = Number(process.argv[2] ?? 100_000);
const referenceSample = 300;
const rnd = seededRandom(20261126);
const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
const target = 5 * calendar.workingDayMs;
const from = Date.UTC(2026, 0, 1) / MINUTE;
const span = 2 * 365 * 1440;

const scenarios = Array.from({ length: count }, () => {
  const startMs = (from + Math.floor(rnd() * span)) * MINUTE;
  const pauses: Pause[] = [];
  let cursor = startMs;
  for (let i = Math.floor(rnd() * 4); i > 0; i--) {
    const fromMs = cursor + Math.floor(rnd() * 3 * 1440) * MINUTE;
    const toMs = fromMs + Math.floor(1 + rnd() * 3 * 1440) * MINUTE;
    pauses.push({ fromMs, toMs });
    cursor = toMs;
  }
  return { startMs, pauses, nowMs: startMs + Math.floor(rnd() * 20 * 1440) * MINUTE };
});

// Warm the day cache and the JIT the way a long-running process is warm.
for (const s of scenarios.slice(0, 2000)) dueInstant(calendar, { ...s, stopMs: null }, target);

let checksum = 0;
let t0 = performance.now();
for (const s of scenarios) checksum += dueInstant(calendar, { ...s, stopMs: null }, target) ?? 0;
const dueMs = performance.now() - t0;

t0 = performance.now();
for (const s of scenarios) checksum += slaStatus(calendar, { ...s, stopMs: null }, s.nowMs, target).elapsedWorkingMs;
const statusMs = performance.now() - t0;

const reference = new MinuteSteppingReference(DEFAULT_CALENDAR);
const sample = scenarios.slice(0, referenceSample);
t0 = performance.now();
let mismatches = 0;
for (const s of sample) {
  const expected = reference.due(s.startMs, s.pauses, target / MINUTE);
  if (expected !== dueInstant(calendar, { ...s, stopMs: null }, target)) mismatches++;
}
const refMs = performance.now() - t0;

// Long spans: the cost grows with the years crossed, not with the minutes or days (SPEC section 3).
const tenYearsFrom = Date.UTC(2026, 0, 5, 8, 17);
const tenYearsTo = Date.UTC(2036, 0, 5, 15, 43);
t0 = performance.now();
const coldCalendar = new WorkingCalendar(DEFAULT_CALENDAR);
checksum += coldCalendar.workingMsBetween(tenYearsFrom, tenYearsTo);
const tenYearsColdMs = performance.now() - t0;
const spanRuns = 10_000;
t0 = performance.now();
for (let i = 0; i < spanRuns; i++) {
  checksum += coldCalendar.workingMsBetween(tenYearsFrom + i * MINUTE, tenYearsTo);
  checksum += coldCalendar.addWorkingMs(tenYearsFrom + i * MINUTE, 2_400 * coldCalendar.workingDayMs);
}
const tenYearsWarmUs = ((performance.now() - t0) * 1000) / (2 * spanRuns);

const enginePerSecond = (count / dueMs) * 1000;
const referencePerSecond = (referenceSample / refMs) * 1000;
console.log(`SLA engine: ${count} due-instant computations (0-3 pauses each, Europe/Rome defaults)`);
console.log(`  due instant:        ${dueMs.toFixed(0)} ms total, ${enginePerSecond.toFixed(0)} per second, ${((dueMs * 1000) / count).toFixed(2)} µs each`);
console.log(`  full status:        ${statusMs.toFixed(0)} ms total, ${((count / statusMs) * 1000).toFixed(0)} per second`);
console.log(`  minute reference:   ${referencePerSecond.toFixed(0)} per second (${referenceSample} of the same scenarios)`);
console.log(`  ratio engine/ref:   ${(enginePerSecond / referencePerSecond).toFixed(0)}x; disagreements: ${mismatches}`);
console.log(`  10-year span:       ${tenYearsWarmUs.toFixed(1)} µs each (working time between, or the instant 2400 working days on); first call on a new calendar ${tenYearsColdMs.toFixed(1)} ms (builds ten years of days and holidays)`);
console.log(`  aim ≥ 100000/s:     ${enginePerSecond >= 100_000 ? 'met' : 'missed'}   (checksum ${checksum % 997})`);

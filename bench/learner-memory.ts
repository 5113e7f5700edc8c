/**
 * Memory over a long run: an OnlineLearner learns from an endless seeded
 * Gaussian source (as fast as it goes, yielding to the event loop every
 * 10 ms) until --samples samples, and the heap after a full GC is recorded
 * before, every tenth of the way, and after.
 *
 *   node --expose-gc --import tsx bench/learner-memory.ts [--samples 100000000]
 *
 * Prints JSON. Without --expose-gc the heap figures include garbage.
 */
import { lastValueFrom, take } from 'rxjs';
import { OnlineLearner } from '../src/stream/online-learner.js';
import { gaussianSamples } from '../src/stream/sources/gaussian-samples.js';

const args = process.argv.slice(2);
const at = args.indexOf('--samples');
const N = at < 0 ? 100_000_000 : Number(args[at + 1]);
if (!Number.isInteger(N) || N < 10) throw new RangeError(`--samples must be an integer ≥ 10, got ${args[at + 1]}`);
const gc = (globalThis as { gc?: () => void }).gc;
const heap = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const mb = (bytes: number): number => Number((bytes / 2 ** 20).toFixed(2));

const learner = new OnlineLearner({ inputs: 2, emitEvery: { samples: 100_000 }, recentSamples: 500, rollingWindow: 500 });
const marks: { samples: number; heapMB: number }[] = [];
let next = N / 10;
learner.steps$.subscribe((step) => {
  if (step.n >= next) {
    marks.push({ samples: step.n, heapMB: mb(heap()) });
    next += N / 10;
  }
});
learner.push([{ x: [0, 0], t: 0 }]); // warm the learner's paths up before the first measure
const before = heap();
const t0 = performance.now();
learner.learnFrom(gaussianSamples({ seed: 'memory', drift: { period: 1_000_000 }, blocks: false }).pipe(take(N - 1)), { trusted: true, endWithSource: true });
const last = await lastValueFrom(learner.steps$);
const seconds = (performance.now() - t0) / 1000;
const after = heap();
console.log(
  JSON.stringify(
    {
      bench: 'learner-memory',
      samples: last.n,
      gcExposed: gc !== undefined,
      heapBeforeMB: mb(before),
      heapAfterMB: mb(after),
      heapGrowthMB: mb(after - before),
      marks,
      seconds: Number(seconds.toFixed(1)),
      samplesPerSecond: Math.round(last.n / seconds),
      rssMB: mb(process.memoryUsage().rss),
    },
    null,
    2,
  ),
);

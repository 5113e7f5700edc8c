/**
 * Memory per waiting prediction of an `EventStreamLearner`: the heap plus
 * external memory (typed arrays' buffers) before
 * and after serving N predictions (no labels), each for an event of 20
 * features (a named number and 19 categories), divided by N.
 *
 *   node --expose-gc --import tsx bench/pending-memory.ts [--pending 100000]
 *
 * Prints JSON. Without --expose-gc the figure includes garbage and is marked so.
 */
import { EventStreamLearner } from '../src/stream/event-stream-learner.js';

const args = process.argv.slice(2);
const i = args.indexOf('--pending');
const N = i < 0 ? 100_000 : Number(args[i + 1]);
if (!Number.isInteger(N) || N < 1) throw new RangeError(`--pending must be an integer ≥ 1, got ${args[i + 1]}`);
const gc = (globalThis as { gc?: () => void }).gc;
const heap = (): number => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // typed arrays over 64 bytes live outside the JS heap, in `external`
};

const learner = new EventStreamLearner({ maxPending: N });
const event = (k: number): Record<string, string | number> => {
  const e: Record<string, string | number> = { amount: k % 1000 };
  for (let f = 0; f < 19; f++) e[`f${f}`] = `v${(k * (f + 7)) % 101}`;
  return e;
};
learner.predict('warm-up', event(0));
learner.label('warm-up', 0);
const before = heap();
for (let k = 0; k < N; k++) learner.predict(`tx-${k}`, event(k));
const after = heap();
console.log(
  JSON.stringify(
    {
      bench: 'pending-memory',
      pending: learner.scores().delayed.pending,
      featuresPerEvent: 20,
      idExample: 'tx-12345',
      bytesPerPending: Math.round((after - before) / N),
      heapBeforeMB: Number((before / 2 ** 20).toFixed(1)),
      heapAfterMB: Number((after / 2 ** 20).toFixed(1)),
      gcExposed: gc !== undefined,
      node: process.version,
    },
    null,
    2,
  ),
);

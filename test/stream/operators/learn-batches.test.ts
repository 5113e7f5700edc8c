import { blockFromSamples } from '../../../src/core/index.js';
import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createModel, learnMany } from '../../../src/core/index.js';
import type { Sample } from '../../../src/core/index.js';
import { gaussianClasses } from '../../../src/data/gaussian-classes.js';
import { batchByCount } from '../../../src/stream/operators/batch-by-count.js';
import { learnBatches } from '../../../src/stream/operators/learn-batches.js';
import type { Step } from '../../../src/core/index.js';
import { expectedSteps, S, testScheduler } from './helpers.js';

const options = { inputs: 2, schedule: { kind: 'constant', lr: 0.5 } as const };
const { a, b, c, d, e } = S as Required<typeof S>;

describe('learnBatches', () => {
  it('takes one step per batch and emits a step after each (marbles)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [x, y] = expectedSteps(options, [
        { learn: [[a, b]], time: 1 },
        { learn: [[c, d, e]], time: 3 },
      ]);
      expectObservable(cold('-p-q|', { p: [a, b], q: [c, d, e] }).pipe(learnBatches(options))).toBe('-x-y|', { x, y });
    });
  });

  it('counts samples for emitEvery, skips empty batches and flushes on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [y, z] = expectedSteps(options, [
        { learn: [[a, b], [c, d]], time: 3 },
        { learn: [[e]], time: 8 },
      ]);
      const source = cold('-p-q-o-r|', { p: [a, b], q: [c, d], o: [], r: [e] });
      expectObservable(source.pipe(learnBatches(options, { emitEvery: { samples: 3 } }))).toBe('---y----(z|)', { y, z });
    });
  });

  it('on a source error, emits the pending step, then the error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const [z] = expectedSteps(options, [{ learn: [[a, b]], time: 2 }]);
      expectObservable(cold('-p#', { p: [a, b] }).pipe(learnBatches(options, { emitEvery: { samples: 10 } }))).toBe('--(z#)', { z });
    });
  });

  it('tears down with the subscriber', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-p-p-p|', { p: [a] });
      expectObservable(source.pipe(learnBatches(options, { emitEvery: { ms: 5 } })), '^-!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('reaches bit-identical weights to a core learnMany loop over batches of 64', () => {
    const samples = gaussianClasses({ seed: 'batches', count: 1000 });
    const core = createModel({ inputs: 2, bias: true });
    for (let i = 0; i < samples.length; i += 64) learnMany(core, samples.slice(i, i + 64), { schedule: options.schedule });
    const steps: Step[] = [];
    from(samples).pipe(batchByCount(64), learnBatches(options)).subscribe((s) => steps.push(s));
    expect(steps).toHaveLength(Math.ceil(1000 / 64));
    expect(steps.at(-1)!.weights).toEqual(Array.from(core.weights));
    expect(steps.at(-1)!.bias).toBe(core.bias);
    expect(steps.at(-1)!.n).toBe(1000);
    const chunks: Sample[][] = [];
    for (let i = 0; i < samples.length; i += 100) chunks.push(samples.slice(i, i + 100));
    const fromChunks: Step[] = [];
    from(chunks).pipe(batchByCount(64), learnBatches(options)).subscribe((s) => fromChunks.push(s));
    expect(fromChunks.at(-1)!.weights).toEqual(Array.from(core.weights));
  });

  it('learns a block as one batch: the core learnMany step, skipping empty blocks', () => {
    const samples = gaussianClasses({ seed: 'block-batches', count: 256 });
    const core = createModel({ inputs: 2, bias: true });
    for (let i = 0; i < samples.length; i += 64) learnMany(core, samples.slice(i, i + 64), { schedule: options.schedule });
    const steps: Step[] = [];
    from([blockFromSamples([], 2), blockFromSamples(samples)]).pipe(batchByCount(64), learnBatches(options)).subscribe((s) => steps.push(s));
    expect(steps.length).toBe(4);
    expect(steps.at(-1)!.weights).toEqual(Array.from(core.weights));
    expect(steps.at(-1)!.bias).toBe(core.bias);
  });
});

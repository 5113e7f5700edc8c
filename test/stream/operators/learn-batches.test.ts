import { blockFromSamples } from '../../../src/core/index.js';
import { concat, from, map, take, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createModel, learnMany } from '../../../src/core/index.js';
import type { Sample, SampleBlock, TrainerInput } from '../../../src/core/index.js';
import { sliceBlock } from '../../../src/core/index.js';
import { gaussianClasses } from '../../../src/data/gaussian-classes.js';
import { batchByCount } from '../../../src/stream/operators/batch-by-count.js';
import { learnBatches } from '../../../src/stream/operators/learn-batches.js';
import { batchedBy } from '../../../src/stream/operators/count-batcher.js';
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

  describe('right after batchByCount (fused: the batches learned in place)', () => {
    /** What a subscription sees, with `time` zeroed; `fuse: false` puts a map between the two operators, as before the fusion. */
    const run = (source: Observable<TrainerInput>, size: number, every: number | undefined, fuse: boolean, count = Infinity) => {
      const seen: unknown[] = [];
      const batched = source.pipe(batchByCount(size));
      const unfused = fuse ? batched : batched.pipe(map((b) => b));
      const learnOptions = every === undefined ? {} : { emitEvery: { samples: every } };
      unfused
        .pipe(learnBatches(options, learnOptions), take(count))
        .subscribe({ next: (s) => seen.push({ ...s, time: 0 }), error: (e: Error) => seen.push(`error: ${e.message}`), complete: () => seen.push('complete') });
      return seen;
    };

    it('emits the same steps as the unfused pair for samples, chunks, blocks and mixes, cut anywhere', () => {
      const rng = seedrandom('fused');
      const samples = gaussianClasses({ seed: 'fused', count: 700 });
      const all = blockFromSamples(samples);
      for (let round = 0; round < 40; round++) {
        const values: TrainerInput[] = [];
        for (let i = 0; i < samples.length; ) {
          const n = Math.min(samples.length - i, 1 + Math.floor(rng() * 150));
          const kind = round % 4 === 0 ? 2 : Math.floor(rng() * 3);
          if (kind === 0) values.push(samples[i]!), (i += 1);
          else if (kind === 1) values.push(samples.slice(i, i + n)), (i += n);
          else values.push(sliceBlock(all, i, i + n)), (i += n);
        }
        const size = [1, 3, 64, 100][round % 4]!;
        const every = [undefined, 1, 50, 1000][Math.floor(round / 4) % 4];
        const fused = run(from(values), size, every, true);
        expect(fused).toEqual(run(from(values), size, every, false));
        expect(fused.at(-1)).toBe('complete');
        expect((fused.at(-2) as Step).n).toBe(700);
      }
    });

    it('fails as the unfused pair does: a width change lets the held rows out first, a model of another width does not', () => {
      const block = blockFromSamples(gaussianClasses({ seed: 'w', count: 10 }));
      const narrow = blockFromSamples([{ x: [1], t: 0 }]);
      for (const size of [4, 20]) {
        const fused = run(from<SampleBlock[]>([block, narrow]), size, undefined, true);
        expect(fused).toEqual(run(from<SampleBlock[]>([block, narrow]), size, undefined, false));
        expect(fused.at(-1)).toMatch(/a block of 1 features per sample in a stream of 2/);
      }
      const wide = blockFromSamples([{ x: [1, 2, 3], t: 1 }, { x: [1, 2, 3], t: 1 }]);
      const fused = run(from<SampleBlock[]>([wide, wide]), 3, undefined, true);
      expect(fused).toEqual(run(from<SampleBlock[]>([wide, wide]), 3, undefined, false));
      expect(fused.at(-1)).toMatch(/the block has 3 features per sample, the model has 2 inputs/);
      const failing = concat(from([block]), throwError(() => new Error('source broke')));
      expect(run(failing, 4, 100, true)).toEqual(run(failing, 4, 100, false));
    });

    it('is taken only right after batchByCount', () => {
      const source = from([S.a, S.b]);
      expect(batchedBy(source.pipe(batchByCount(4)))).toEqual({ source, size: 4 });
      expect(batchedBy(source.pipe(batchByCount(4), map((b) => b)))).toBeUndefined();
    });

    it('stops the source when downstream takes what it needs', () => {
      const samples = gaussianClasses({ seed: 'take', count: 500 });
      const blocks = [0, 100, 200, 300, 400].map((i) => blockFromSamples(samples.slice(i, i + 100)));
      for (const count of [1, 2, 7]) expect(run(from(blocks), 16, undefined, true, count)).toEqual(run(from(blocks), 16, undefined, false, count));
      expect((run(from(blocks), 16, undefined, true, 2).at(-2) as Step).n).toBe(32);
    });
  });
});

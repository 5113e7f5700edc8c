import { concat, from, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { blockFromSamples, sliceBlock, Trainer } from '../../../src/core/index.js';
import type { Sample, SampleBlock, Step, TrainerInput } from '../../../src/core/index.js';
import { gaussianClasses } from '../../../src/data/gaussian-classes.js';
import { batchByCount } from '../../../src/stream/operators/batch-by-count.js';
import { learnBatches } from '../../../src/stream/operators/learn-batches.js';
import { learnMiniBatches } from '../../../src/stream/operators/learn-mini-batches.js';
import type { EmitEvery } from '../../../src/stream/emission-throttle.js';

const samples = gaussianClasses({ seed: 'mini-batches', count: 1000 });
const config = { inputs: 2, schedule: { kind: 'constant', lr: 0.2 } as const, mode: 'minibatch' as const, batchSize: 64 };

function steps(source: Observable<TrainerInput>, viaTrainer: boolean, emitEvery?: EmitEvery): { steps: Step[]; error?: unknown } {
  const trainer = new Trainer(config);
  const options = emitEvery === undefined ? {} : { emitEvery };
  const out: Step[] = [];
  let error: unknown;
  const op = viaTrainer ? learnMiniBatches(trainer, options) : (s: Observable<TrainerInput>) => s.pipe(batchByCount(64), learnBatches(trainer, options));
  source.pipe(op).subscribe({ next: (s) => out.push({ ...s, time: 0 }), error: (e: unknown) => (error = e) });
  return { steps: out, error };
}

function blocks(size: number): SampleBlock[] {
  const all = blockFromSamples(samples);
  const out: SampleBlock[] = [];
  for (let i = 0; i < samples.length; i += size) out.push(sliceBlock(all, i, Math.min(samples.length, i + size)));
  return out;
}

describe('learnMiniBatches', () => {
  it('gives the steps of batchByCount + learnBatches, from blocks of any size, samples and arrays', () => {
    for (const emitEvery of [undefined, { samples: 1 }, { samples: 100 }, { samples: 1000 }]) {
      const want = steps(from(samples), false, emitEvery).steps;
      expect(want.length).toBeGreaterThan(0);
      for (const size of [1, 10, 64, 100, 1000]) expect(steps(from(blocks(size)), true, emitEvery).steps).toEqual(want);
      expect(steps(from(samples), true, emitEvery).steps).toEqual(want);
      const mixed: (Sample | Sample[] | SampleBlock)[] = [samples.slice(0, 30), samples[30]!, blockFromSamples(samples.slice(31, 500)), ...samples.slice(500)];
      expect(steps(from(mixed), true, emitEvery).steps).toEqual(want);
    }
  });

  it('learns the partial batch before an error is passed on', () => {
    const failing = concat(from(blocks(100)).pipe((s) => s), throwError(() => new Error('down')));
    const got = steps(failing, true);
    const want = steps(concat(from(samples), throwError(() => new Error('down'))), false);
    expect(got.steps).toEqual(want.steps);
    expect(got.steps.at(-1)!.n).toBe(1000);
    expect(String(got.error)).toBe('Error: down');
  });

  it('refuses a trainer that is not in minibatch mode', () => {
    expect(() => learnMiniBatches(new Trainer({ inputs: 2 }))).toThrow(/needs a trainer in minibatch mode, got 'sample'/);
    expect(() => new Trainer({ inputs: 2 }).batchBlock(blockFromSamples(samples.slice(0, 2)))).toThrow(/steps per sample, not per mini-batch/);
  });
});

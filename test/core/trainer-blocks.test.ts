import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { blockFromSamples, createModel, fitBatch, learnMany, learnOne, logit, meanLoss, sliceBlock, Trainer } from '../../src/core/index.js';
import type { LogisticModel, Sample, SampleBlock, TrainerConfig, UpdateOptions } from '../../src/core/index.js';
import { ProgressiveMetrics } from '../../src/core/metrics/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';

const rng = seedrandom('trainer-blocks');
const samples: Sample[] = gaussianClasses({ seed: 'trainer-blocks', count: 1000 });
const wide: Sample[] = Array.from({ length: 500 }, () => ({ x: Array.from({ length: 5 }, () => rng() * 6 - 3), t: rng() < 0.5 ? 0 : 1 }));

/** Cuts samples into blocks of uneven sizes, so that mini-batches straddle blocks. */
function blocks(data: readonly Sample[], sizes: readonly number[]): SampleBlock[] {
  const out: SampleBlock[] = [];
  for (let i = 0, k = 0; i < data.length; k++) {
    const n = Math.min(sizes[k % sizes.length]!, data.length - i);
    out.push(blockFromSamples(data.slice(i, i + n)));
    i += n;
  }
  return out;
}

const same = (a: LogisticModel, b: LogisticModel): void => {
  expect(Array.from(a.weights).every((w, i) => Object.is(w, b.weights[i]))).toBe(true);
  expect(Object.is(a.bias, b.bias)).toBe(true);
  expect([a.seen, a.updates, a.refused]).toEqual([b.seen, b.updates, b.refused]);
};

const configs: (Omit<TrainerConfig, 'inputs'> & { update: UpdateOptions })[] = [
  { schedule: { kind: 'constant', lr: 0.1 }, update: { schedule: { kind: 'constant', lr: 0.1 } } },
  { bias: false, schedule: { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 }, l2: 0.01, update: { schedule: { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 }, l2: 0.01 } },
  { reduction: 'sum', schedule: { kind: 'inverse-power', lr: 0.2, power: 0.5 }, update: { schedule: { kind: 'inverse-power', lr: 0.2, power: 0.5 }, reduction: 'sum' } },
];

describe.each([
  ['two inputs', samples],
  ['five inputs', wide],
])('Trainer on blocks (%s)', (_name, data) => {
  const inputs = data[0]!.x.length;

  it.each(configs.map((c, i) => [i, c] as const))('per sample from blocks = the learnOne loop, bit for bit (config %i)', (_i, c) => {
    const { update, ...config } = c;
    const core = createModel({ inputs, bias: config.bias ?? true });
    const metrics = new ProgressiveMetrics();
    for (const s of data) {
      const z = logit(core, s.x);
      metrics.record(learnOne(core, s, update), (z > 0 ? 1 : 0) === s.t);
    }
    const trainer = new Trainer({ inputs, ...config });
    for (const block of blocks(data, [1, 7, 100, 33])) trainer.learn(block);
    same(trainer.model, core);
    expect(trainer.metrics.get()).toEqual(metrics.get());
    const fromArrays = new Trainer({ inputs, ...config });
    fromArrays.learn(data.slice(0, 10));
    for (const s of data.slice(10)) fromArrays.learn(s);
    same(fromArrays.model, core);
  });

  it.each(configs.map((c, i) => [i, c] as const))('mini-batches of 16 across blocks = the learnMany loop, bit for bit (config %i)', (_i, c) => {
    const { update, ...config } = c;
    const core = createModel({ inputs, bias: config.bias ?? true });
    const losses: number[] = [];
    for (let i = 0; i < data.length; i += 16) losses.push(learnMany(core, data.slice(i, i + 16), update));
    for (const input of ['blocks', 'samples', 'arrays'] as const) {
      const trainer = new Trainer({ inputs, ...config, mode: 'minibatch', batchSize: 16 });
      if (input === 'blocks') for (const block of blocks(data, [5, 40, 16, 3, 70])) trainer.learn(block);
      else if (input === 'samples') for (const s of data) trainer.learn(s);
      else for (let i = 0; i < data.length; i += 23) trainer.learn(data.slice(i, i + 23));
      expect(trainer.pendingSamples).toBe(data.length % 16);
      trainer.flush();
      expect(trainer.pendingSamples).toBe(0);
      same(trainer.model, core);
      expect(trainer.lastLoss).toBe(losses.at(-1));
      expect(trainer.metrics.n).toBe(data.length);
    }
  });

  it('full batch: one step per call = fitBatch', () => {
    const core = createModel({ inputs, bias: false, init: Array.from({ length: inputs }, (_, i) => -i) });
    const losses = fitBatch(core, data, { schedule: { kind: 'constant', lr: 0.05 }, reduction: 'sum', epochs: 4 });
    const trainer = new Trainer({ inputs, bias: false, init: Array.from({ length: inputs }, (_, i) => -i), mode: 'batch', reduction: 'sum' });
    const block = blockFromSamples(data);
    const got: number[] = [];
    for (let e = 0; e < 4; e++) {
      trainer.learn(e % 2 === 0 ? block : data);
      got.push(trainer.lastLoss!);
    }
    same(trainer.model, core);
    expect(got).toEqual(losses);
  });

  it('learnBlock over row ranges and learnMany of a block = the same on arrays', () => {
    const a = new Trainer({ inputs });
    const b = new Trainer({ inputs });
    const block = blockFromSamples(data);
    a.learnBlock(block, 0, 300);
    a.learnBlock(block, 300, 300);
    b.learnRange(data, 0, 300);
    same(a.model, b.model);
    expect(a.learnMany(sliceBlock(block, 300, 364))).toBe(b.learnMany(data.slice(300, 364)));
    same(a.model, b.model);
    // A row range of the block, read in place, is the same batch.
    expect(a.learnMany(block, 364, 400)).toBe(b.learnMany(data.slice(364, 400)));
    same(a.model, b.model);
    expect(a.learnMany(block, 400, 400)).toBeNaN();
    expect(a.metrics.get()).toEqual(b.metrics.get());
    expect(a.version).toBe(b.version);
    expect(a.meanLoss(block)).toBe(a.meanLoss(data));
    expect(a.meanLoss(block)).toBe(meanLoss(a.model, data));
  });
});

describe('Trainer inputs', () => {
  it('refuses a block of another width, naming both widths', () => {
    const trainer = new Trainer({ inputs: 3 });
    expect(() => trainer.learn(blockFromSamples([{ x: [1, 2], t: 1 }]))).toThrow('the block has 2 features per sample, the model has 3 inputs');
    trainer.learn(blockFromSamples([], 2)); // an empty block of any width is nothing to learn
    expect(trainer.model.seen).toBe(0);
  });

  it('clears the pending mini-batch on reset', () => {
    const trainer = new Trainer({ inputs: 2, mode: 'minibatch', batchSize: 4 });
    trainer.learn(samples.slice(0, 3));
    expect(trainer.pendingSamples).toBe(3);
    trainer.reset();
    expect(trainer.pendingSamples).toBe(0);
    trainer.flush();
    expect(trainer.model.seen).toBe(0);
  });
});

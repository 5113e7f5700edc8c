import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createModel, learnMany, learnOne, logit, predictClass } from '../../src/core/index.js';
import type { Sample } from '../../src/core/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { Trainer } from '../../src/core/index.js';

const schedule = { kind: 'constant', lr: 0.1 } as const;
const samples = gaussianClasses({ seed: 'trainer', count: 600 });

describe('Trainer', () => {
  it('reaches bit-identical weights to the core learnOne loop, per sample and by ranges', () => {
    const core = createModel({ inputs: 2, bias: true });
    for (const s of samples) learnOne(core, s, { schedule });
    const one = new Trainer({ inputs: 2, schedule });
    for (const s of samples) one.learnOne(s);
    const ranges = new Trainer({ inputs: 2, schedule });
    for (let i = 0; i < samples.length; i += 37) ranges.learnRange(samples, i, Math.min(samples.length, i + 37));
    expect(Array.from(one.model.weights)).toEqual(Array.from(core.weights));
    expect(Array.from(ranges.model.weights)).toEqual(Array.from(core.weights));
    expect(ranges.model.bias).toBe(core.bias);
    expect(ranges.version).toBe(600);
    expect(one.step(0)).toEqual(ranges.step(0));
  });

  it('scores test-then-train: accuracy is predictClass before each step, loss the core\'s pre-step loss', () => {
    const t = new Trainer({ inputs: 2, schedule, rollingWindow: 50 });
    const shadow = createModel({ inputs: 2, bias: true });
    let correct = 0;
    let lossSum = 0;
    const recent: number[] = [];
    for (const s of samples) {
      if (predictClass(shadow, s.x) === s.t) correct++;
      const loss = learnOne(shadow, s, { schedule });
      lossSum += loss;
      recent.push(loss);
      expect(t.learnOne(s)).toBe(loss);
    }
    const m = t.step(0).metrics;
    expect(m.n).toBe(600);
    expect(m.accuracy).toBe(correct / 600);
    expect(m.logLoss).toBeCloseTo(lossSum / 600, 13);
    expect(m.rollingLogLoss).toBeCloseTo(recent.slice(-50).reduce((a, b) => a + b) / 50, 13);
  });

  it('judges a logit of exactly 0 as class 0, as predictClass', () => {
    const t = new Trainer({ inputs: 1, bias: false, schedule });
    t.learnOne({ x: [0], t: 0 }); // z = 0: predicted 0, right
    t.learnOne({ x: [0], t: 1 }); // z = 0: predicted 0, wrong
    expect(t.step(0).metrics.accuracy).toBe(0.5);
  });

  it('learns mini-batches as the core learnMany, scoring every sample before the step', () => {
    const t = new Trainer({ inputs: 2, schedule, reduction: 'sum' });
    const core = createModel({ inputs: 2, bias: true });
    let correct = 0;
    for (let i = 0; i < samples.length; i += 64) {
      const batch = samples.slice(i, i + 64);
      for (const s of batch) if ((logit(core, s.x) > 0 ? 1 : 0) === s.t) correct++;
      const expected = learnMany(core, batch, { schedule, reduction: 'sum' });
      expect(t.learnMany(batch)).toBe(expected);
    }
    expect(Array.from(t.model.weights)).toEqual(Array.from(core.weights));
    expect(t.step(0).metrics.accuracy).toBe(correct / samples.length);
    expect(t.learnMany([])).toBeNaN();
    expect(t.version).toBe(Math.ceil(600 / 64));
  });

  it('hands out copies in steps', () => {
    const t = new Trainer({ inputs: 2, init: [1, 2] });
    const step = t.step(5);
    step.weights[0] = 99;
    expect(t.model.weights[0]).toBe(1);
    expect(step).toMatchObject({ n: 0, bias: 0, version: 0, lr: 0.05, time: 5 });
    expect(step.loss).toBeNull();
    expect(step.metrics).toEqual({ n: 0, logLoss: null, accuracy: null, rollingLogLoss: null, rollingAccuracy: null });
    expect(new Trainer({ inputs: 1, bias: false }).step(0).bias).toBeNull();
  });

  it('resets to the initial weights, restores a saved state and switches schedules', () => {
    const t = new Trainer({ inputs: 2, init: [0.5, -0.5], initBias: 0.25, schedule: { kind: 'inverse-scaling', lr: 1, decay: 1 } });
    for (const s of samples.slice(0, 10)) t.learnOne(s);
    expect(t.learningRate).toBe(1 / 11);
    const saved = t.state();
    t.reset();
    expect(Array.from(t.model.weights)).toEqual([0.5, -0.5]);
    expect(t.model).toMatchObject({ bias: 0.25, seen: 0, updates: 0 });
    expect(t.version).toBe(11);
    expect(t.step(0).metrics.n).toBe(0);
    t.restore(saved);
    expect(t.state()).toEqual(saved);
    expect(t.step(0).metrics.n).toBe(10);
    t.setSchedule({ kind: 'constant', lr: 0.2 });
    expect(t.learningRate).toBe(0.2);
    expect(t.model.updates).toBe(10);
    expect(() => t.restore({ ...saved, weights: [1] })).toThrow(/the state has 1 weights, the model has 2 inputs/);
    expect(() => t.restore({ ...saved, bias: null })).toThrow(/the state has no bias/);
    expect(() => t.restore({ ...saved, weights: [1, NaN] })).toThrow(/weights\[1\] is not a finite number/);
    expect(() => t.setSchedule({ kind: 'constant', lr: -1 })).toThrow(RangeError);
  });

  it('refuses bad options with the field named', () => {
    expect(() => new Trainer({ inputs: 0 })).toThrow(/^trainer config: inputs: Too small/);
    expect(() => new Trainer({ inputs: 2, l2: -1 })).toThrow(/^trainer config: l2: Too small/);
    expect(() => new Trainer({ inputs: 2, l2: Infinity })).toThrow(/^trainer config: l2: /);
    expect(() => new Trainer({ inputs: 2, reduction: 'max' as 'sum' })).toThrow(/^trainer config: reduction: /);
    expect(() => new Trainer({ inputs: 2, rollingWindow: 0 })).toThrow(/^trainer config: rollingWindow: Too small/);
    expect(() => new Trainer({ inputs: 2, batchSize: 1.5, mode: 'minibatch' })).toThrow(/^trainer config: batchSize: /);
    expect(() => new Trainer({ inputs: 2, schedule: { kind: 'constant', lr: NaN } })).toThrow(/^trainer config: schedule.lr: /);
    expect(() => new Trainer({ inputs: 2, init: [1] })).toThrow(/init has 1 weights, expected 2/);
  });

  it('matches the core on random data in many dimensions with L2', () => {
    const rng = seedrandom('dims');
    const data: Sample[] = Array.from({ length: 300 }, () => ({ x: Array.from({ length: 7 }, () => rng() * 6 - 3), t: rng() < 0.5 ? 0 : 1 }));
    const options = { schedule: { kind: 'inverse-power', lr: 0.5, power: 0.5 } as const, l2: 0.01 };
    const core = createModel({ inputs: 7, bias: true });
    for (const s of data) learnOne(core, s, options);
    const t = new Trainer({ inputs: 7, ...options });
    t.learnRange(data, 0, data.length);
    expect(Array.from(t.model.weights)).toEqual(Array.from(core.weights));
    const coreBatches = createModel({ inputs: 7, bias: true });
    const batched = new Trainer({ inputs: 7, ...options });
    for (let i = 0; i < data.length; i += 40) {
      const batch = data.slice(i, i + 40);
      expect(batched.learnMany(batch)).toBe(learnMany(coreBatches, batch, options));
    }
    expect(Array.from(batched.model.weights)).toEqual(Array.from(coreBatches.weights));
    expect(batched.model.bias).toBe(coreBatches.bias);
  });
});

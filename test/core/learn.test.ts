import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { applyDeltaRule } from '../../src/core/delta-rule.js';
import type { DeltaStep } from '../../src/core/delta-rule.js';
import { fitBatch, gradient, learnMany, learnOne } from '../../src/core/learn.js';
import { meanLoss } from '../../src/core/loss.js';
import { cloneModel, createModel, logit } from '../../src/core/model.js';
import type { LogisticModel } from '../../src/core/model.js';
import type { Sample } from '../../src/core/sample.js';

const lr = (v: number) => ({ schedule: { kind: 'constant', lr: v } as const });

function randomSamples(seed: string, n: number, d: number): Sample[] {
  const rng = seedrandom(seed);
  return Array.from({ length: n }, () => ({ x: Array.from({ length: d }, () => rng() * 4 - 2), t: rng() < 0.5 ? 0 : 1 }));
}

function withWeights(m: LogisticModel, w: number[], b: number): LogisticModel {
  const c = cloneModel(m);
  c.weights.set(w);
  c.bias = b;
  return c;
}

describe('gradient', () => {
  it('matches central finite differences of the mean loss, with and without bias', () => {
    for (const bias of [false, true]) {
      const samples = randomSamples(`fd-${bias}`, 25, 3);
      const m = createModel({ inputs: 3, init: [0.3, -0.7, 1.1], bias, initBias: bias ? 0.2 : 0 });
      const g = gradient(m, samples, 'mean');
      const params = [...m.weights, ...(bias ? [m.bias] : [])];
      const h = 1e-6;
      params.forEach((_, i) => {
        const up = [...params];
        const dn = [...params];
        up[i]! += h;
        dn[i]! -= h;
        const at = (p: number[]) => meanLoss(withWeights(m, p.slice(0, 3), bias ? p[3]! : 0), samples);
        expect(g[i]).toBeCloseTo((at(up) - at(dn)) / (2 * h), 8);
      });
    }
  });

  it('sums or averages as asked', () => {
    const samples = randomSamples('red', 10, 2);
    const m = createModel({ inputs: 2, init: [1, 2] });
    const sum = gradient(m, samples, 'sum');
    const mean = gradient(m, samples, 'mean');
    sum.forEach((v, i) => expect(mean[i]).toBeCloseTo(v / 10, 14));
  });
});

describe('learnOne', () => {
  it('takes the delta-rule step w − μ·x·(y − t) and returns the loss before it', () => {
    const m = createModel({ inputs: 2, init: [0.5, -0.25] });
    const s: Sample = { x: [2, 1], t: 1 };
    const y = 1 / (1 + Math.exp(-0.75));
    const loss = learnOne(m, s, lr(0.1));
    expect(loss).toBeCloseTo(-Math.log(y), 14);
    expect(m.weights[0]).toBeCloseTo(0.5 - 0.1 * 2 * (y - 1), 15);
    expect(m.weights[1]).toBeCloseTo(-0.25 - 0.1 * 1 * (y - 1), 15);
    expect(m.seen).toBe(1);
    expect(m.updates).toBe(1);
  });

  it('learns the bias with the same learning rate', () => {
    const m = createModel({ inputs: 1, bias: true });
    learnOne(m, { x: [0], t: 1 }, lr(0.2));
    expect(m.bias).toBeCloseTo(0.1, 15);
  });

  it('never mutates the sample', () => {
    const x = [1, 2];
    const s = Object.freeze({ x: Object.freeze(x) as readonly number[], t: 1 as const });
    learnOne(createModel({ inputs: 2 }), s, lr(1));
    expect(x).toEqual([1, 2]);
  });

  it('applies L2 to the weights but not to the bias', () => {
    const m = createModel({ inputs: 1, init: [2], bias: true, initBias: 3 });
    // x = 0: the data gradient on w is 0, so only the L2 term moves w.
    learnOne(m, { x: [0], t: 1 }, { ...lr(0.1), l2: 0.5 });
    expect(m.weights[0]).toBeCloseTo(2 - 0.1 * 0.5 * 2, 15);
    const y = 1 / (1 + Math.exp(-3));
    expect(m.bias).toBeCloseTo(3 - 0.1 * (y - 1), 15);
  });
});

describe('learnMany', () => {
  it('with a batch of one is exactly a per-sample step', () => {
    for (const s of randomSamples('one', 20, 3)) {
      const a = createModel({ inputs: 3, init: [0.1, 0.2, -0.3], bias: true });
      const b = cloneModel(a);
      const la = learnOne(a, s, lr(0.3));
      const lb = learnMany(b, [s], { ...lr(0.3), reduction: 'mean' });
      expect(lb).toBe(la);
      expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      expect(b.bias).toBe(a.bias);
    }
  });

  it('steps by the mean gradient by default and by the sum on request', () => {
    const batch = randomSamples('mb', 8, 2);
    const base = createModel({ inputs: 2, init: [0.4, -0.1] });
    const g = gradient(base, batch, 'sum');
    const mean = cloneModel(base);
    learnMany(mean, batch, lr(0.5));
    const sum = cloneModel(base);
    learnMany(sum, batch, { ...lr(0.5), reduction: 'sum' });
    expect(mean.weights[0]).toBeCloseTo(0.4 - (0.5 * g[0]!) / 8, 15);
    expect(sum.weights[0]).toBeCloseTo(0.4 - 0.5 * g[0]!, 15);
    expect(mean.seen).toBe(8);
    expect(mean.updates).toBe(1);
  });

  it('hands back each sample’s loss and logit before the step, and steps exactly as without them', () => {
    const batch = randomSamples('scores', 16, 3);
    const a = createModel({ inputs: 3, init: [0.2, -0.3, 0.1], bias: true });
    const b = cloneModel(a);
    const before = cloneModel(a);
    const scores = { losses: new Float64Array(20), logits: new Float64Array(20) };
    const mean = learnMany(a, batch, lr(0.2), scores);
    expect(mean).toBe(learnMany(b, batch, lr(0.2)));
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    batch.forEach((s, k) => {
      expect(scores.losses[k]).toBe(meanLoss(before, [s]));
      expect(scores.logits[k]).toBe(logit(before, s.x));
    });
  });

  it('takes no step on an empty batch', () => {
    const m = createModel({ inputs: 2, init: [1, 1] });
    expect(learnMany(m, [], lr(1))).toBeNaN();
    expect(m.updates).toBe(0);
    expect(Array.from(m.weights)).toEqual([1, 1]);
  });
});

describe('fitBatch', () => {
  it('takes one step per pass and lowers the loss on separable data', () => {
    const samples: Sample[] = [{ x: [1, 1], t: 1 }, { x: [-1, -1], t: 0 }, { x: [2, 0], t: 1 }, { x: [-2, 0.5], t: 0 }];
    const m = createModel({ inputs: 2 });
    const losses = fitBatch(m, samples, { ...lr(0.5), epochs: 20 });
    expect(losses).toHaveLength(20);
    expect(m.updates).toBe(20);
    expect(losses[19]!).toBeLessThan(losses[0]!);
  });
});

/** A named step: the gradient vector itself (scale 1), or the direction x with scale g. */
const step = (gradient: ArrayLike<number>, gradientBias: number, scale = 1): DeltaStep => ({ gradient, offset: 0, scale, gradientBias, count: 1 });

describe('applyDeltaRule', () => {
  it('refuses a step that would make a weight infinite, and counts it (with and without scratch)', () => {
    for (const previous of [undefined, new Float64Array(2)]) {
      const m = createModel({ inputs: 2, init: [1, 2] });
      const taken = applyDeltaRule(m, step([1e308, 0], 0), lr(1e10), previous);
      expect(taken).toBe(false);
      expect(Array.from(m.weights)).toEqual([1, 2]);
      expect(m.refused).toBe(1);
      expect(m.seen).toBe(1);
      expect(m.updates).toBe(0);
    }
  });

  it('refuses a NaN gradient for the bias, leaving the weights (with and without scratch)', () => {
    for (const previous of [undefined, new Float64Array(1)]) {
      const m = createModel({ inputs: 1, init: [1], bias: true });
      expect(applyDeltaRule(m, step([1], NaN), lr(1), previous)).toBe(false);
      expect(m.bias).toBe(0);
      expect(m.weights[0]).toBe(1);
    }
  });

  it('refuses a step whose second weight overflows after the first was written, restoring both (and with L2)', () => {
    for (const previous of [undefined, new Float64Array(3)]) {
      for (const l2 of [0, 0.1]) {
        const m = createModel({ inputs: 3, init: [1, 1e308, -2] });
        expect(applyDeltaRule(m, step([1, -1e308, 0], 0), { ...lr(10), l2 }, previous)).toBe(false);
        expect(Array.from(m.weights)).toEqual([1, 1e308, -2]);
      }
    }
  });

  it('scales the gradient: (x, scale g) moves the weights exactly as the vector g·x, read at an offset too', () => {
    const rng = seedrandom('scale');
    for (let k = 0; k < 200; k++) {
      const x = [rng() * 8 - 4, rng() * 8 - 4];
      const g = rng() * 2 - 1;
      const l2 = k % 2 === 0 ? 0 : 0.01;
      const a = createModel({ inputs: 2, init: [rng() - 0.5, rng() - 0.5], bias: true });
      const b = cloneModel(a);
      const c = cloneModel(a);
      applyDeltaRule(a, step(x, g, g), { ...lr(0.3), l2 });
      applyDeltaRule(b, step(Float64Array.from(x, (v) => g * v), g), { ...lr(0.3), l2 }, new Float64Array(2));
      applyDeltaRule(c, { gradient: Float64Array.of(9, ...x), offset: 1, scale: g, gradientBias: g, count: 1 }, { ...lr(0.3), l2 }, new Float64Array(2));
      for (const other of [b, c]) {
        expect(Array.from(a.weights).every((w, i) => Object.is(w, other.weights[i]))).toBe(true);
        expect(Object.is(a.bias, other.bias)).toBe(true);
      }
    }
  });

  it('follows the schedule by step count', () => {
    const m = createModel({ inputs: 1 });
    const opts = { schedule: { kind: 'inverse-scaling', lr: 1, decay: 1 } as const };
    applyDeltaRule(m, step([1], 0), opts); // μ = 1
    applyDeltaRule(m, step([1], 0), opts); // μ = 1/2
    expect(m.weights[0]).toBe(-1.5);
  });
});

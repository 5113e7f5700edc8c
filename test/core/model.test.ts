import { describe, expect, it } from 'vitest';
import { cloneModel, createModel, logit, predictClass, predictProba } from '../../src/core/model.js';

describe('createModel', () => {
  it('starts at zero weights without init, learning a bias by default (TRAINER_DEFAULTS.bias)', () => {
    const m = createModel({ inputs: 3 });
    expect(Array.from(m.weights)).toEqual([0, 0, 0]);
    expect(m.bias).toBe(0);
    expect(m.useBias).toBe(true);
    expect(createModel({ inputs: 3, bias: false }).useBias).toBe(false);
  });

  it('takes given weights and bias', () => {
    const m = createModel({ inputs: 2, init: [-4, -2], bias: true, initBias: 0.5 });
    expect(Array.from(m.weights)).toEqual([-4, -2]);
    expect(m.bias).toBe(0.5);
  });

  it('seeds small random weights reproducibly', () => {
    const a = createModel({ inputs: 4, seed: 7 });
    const b = createModel({ inputs: 4, seed: 7 });
    const c = createModel({ inputs: 4, seed: 8 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(Array.from(a.weights)).not.toEqual(Array.from(c.weights));
    for (const w of a.weights) expect(Math.abs(w)).toBeLessThan(0.01);
  });

  it('refuses bad shapes and values with a clear message', () => {
    expect(() => createModel({ inputs: 0 })).toThrow(/inputs must be a positive integer/);
    expect(() => createModel({ inputs: 2, init: [1] })).toThrow(/init has 1 weights, expected 2/);
    expect(() => createModel({ inputs: 2, init: [1, NaN] })).toThrow(/init\[1\] is not a finite number/);
  });
});

describe('prediction', () => {
  const m = createModel({ inputs: 2, init: [1, -1], bias: true, initBias: 0.5 });

  it('computes the logit x·w + b', () => {
    expect(logit(m, [2, 1])).toBe(1.5);
  });

  it('gives probabilities in [0, 1] and the class by the 0.5 threshold', () => {
    expect(predictProba(m, [2, 1])).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 15);
    expect(predictClass(m, [2, 1])).toBe(1);
    expect(predictClass(m, [-2, 1])).toBe(0);
    const z = createModel({ inputs: 1 });
    expect(predictClass(z, [5])).toBe(0); // proba exactly 0.5 rounds to 0, as np.around
  });

  it('clones without sharing memory', () => {
    const c = cloneModel(m);
    c.weights[0] = 99;
    c.bias = 7;
    expect(m.weights[0]).toBe(1);
    expect(m.bias).toBe(0.5);
  });
});

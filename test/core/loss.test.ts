import { describe, expect, it } from 'vitest';
import { logistic, logisticFromExp } from '../../src/core/logistic.js';
import { crossEntropy, crossEntropyFromExp, crossEntropyFromLogit, meanLoss } from '../../src/core/loss.js';
import { createModel } from '../../src/core/model.js';

describe('crossEntropyFromLogit', () => {
  it('equals −t·log(y) − (1−t)·log(1−y) for moderate z', () => {
    for (const z of [-5, -1, -0.1, 0, 0.2, 2, 6]) {
      const y = 1 / (1 + Math.exp(-z));
      expect(crossEntropyFromLogit(z, 1)).toBeCloseTo(-Math.log(y), 12);
      expect(crossEntropyFromLogit(z, 0)).toBeCloseTo(-Math.log(1 - y), 12);
    }
  });

  it('makes a confident wrong prediction large and finite, never Infinity', () => {
    expect(crossEntropyFromLogit(-1e6, 1)).toBe(1e6);
    expect(crossEntropyFromLogit(1e6, 0)).toBe(1e6);
    expect(crossEntropyFromLogit(1e300, 0)).toBe(1e300);
    expect(Number.isFinite(crossEntropyFromLogit(Infinity, 0))).toBe(true);
    expect(Number.isFinite(crossEntropyFromLogit(-Infinity, 1))).toBe(true);
  });

  it('makes a confident right prediction cost ~0, not −0 or negative', () => {
    expect(crossEntropyFromLogit(1e6, 1)).toBe(0);
    expect(crossEntropyFromLogit(-50, 0)).toBeGreaterThanOrEqual(0);
  });
});

describe('crossEntropy', () => {
  it('clamps probabilities of exactly 0 or 1 to a finite loss', () => {
    expect(Number.isFinite(crossEntropy(0, 1))).toBe(true);
    expect(Number.isFinite(crossEntropy(1, 0))).toBe(true);
    expect(crossEntropy(0.5, 0)).toBeCloseTo(Math.LN2, 15);
  });
});

describe('meanLoss', () => {
  it('averages over samples', () => {
    const m = createModel({ inputs: 1, init: [1] });
    const l = meanLoss(m, [{ x: [0], t: 1 }, { x: [0], t: 0 }]);
    expect(l).toBeCloseTo(Math.LN2, 15);
  });
});

describe('crossEntropyFromExp and logisticFromExp (one e^(−|z|) for both)', () => {
  // The formulas before they shared e^(−|z|): the fused ones must give the same bits.
  const softplusRef = (z: number): number => {
    const a = z < 0 ? -z : z;
    if (a > 37) return z > 0 ? z : Math.exp(z);
    return (z > 0 ? z : 0) + Math.log1p(Math.exp(-a));
  };
  const lossRef = (z: number, t: 0 | 1): number => {
    const c = z === Infinity ? Number.MAX_VALUE : z === -Infinity ? -Number.MAX_VALUE : z;
    return t === 1 ? softplusRef(-c) : softplusRef(c);
  };
  const logisticRef = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
  const zs = [0, -0, 1e-300, -1e-300, 36.9, 37, 37.1, -37.1, 745, -745, 1e6, -1e6, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, NaN];
  for (let z = -60; z <= 60; z += 0.0137) zs.push(z);

  it('are bit-identical to the separate formulas over a sweep and at the edges', () => {
    for (const z of zs) {
      const e = Math.exp(-Math.abs(z));
      for (const t of [0, 1] as const) {
        expect(Object.is(crossEntropyFromExp(z, t, e), lossRef(z, t)), `loss z=${z} t=${t}`).toBe(true);
        expect(Object.is(crossEntropyFromLogit(z, t), lossRef(z, t)), `fromLogit z=${z} t=${t}`).toBe(true);
      }
      expect(Object.is(logisticFromExp(z, e), logisticRef(z)), `σ z=${z}`).toBe(true);
      expect(Object.is(logistic(z), logisticRef(z)), `logistic z=${z}`).toBe(true);
    }
  });

  it('cost the largest finite loss for an infinite logit', () => {
    expect(crossEntropyFromExp(-Infinity, 1, 0)).toBe(Number.MAX_VALUE);
    expect(crossEntropyFromExp(Infinity, 1, 0)).toBe(0);
  });
});

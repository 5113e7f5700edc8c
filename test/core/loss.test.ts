import { describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyFromLogit, meanLoss } from '../../src/core/loss.js';
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

import { describe, expect, it } from 'vitest';
import { logistic, softplus } from '../../src/core/logistic.js';
import { softplusFromTable } from '../../src/core/softplus-table.js';

describe('logistic', () => {
  it('is 1/2 at 0 and symmetric: σ(−z) = 1 − σ(z)', () => {
    expect(logistic(0)).toBe(0.5);
    for (const z of [0.1, 1, 3.7, 20]) expect(logistic(-z)).toBeCloseTo(1 - logistic(z), 15);
  });

  it('stays finite and inside [0, 1] for |z| up to 1e6 and beyond', () => {
    for (const z of [-1e308, -1e6, -745, -710, -40, 40, 710, 745, 1e6, 1e308, Number.MAX_VALUE, -Number.MAX_VALUE]) {
      const y = logistic(z);
      expect(Number.isFinite(y)).toBe(true);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(1);
    }
    expect(logistic(-1e6)).toBe(0);
    expect(logistic(1e6)).toBe(1);
  });

  it('keeps precision for very negative z (no 1 − tiny cancellation)', () => {
    expect(logistic(-30)).toBeCloseTo(Math.exp(-30) / (1 + Math.exp(-30)), 25);
    expect(logistic(-700)).toBeGreaterThan(0);
  });
});

describe('softplus', () => {
  it('equals log(1 + e^z) where that is representable', () => {
    for (const z of [-20, -3, -0.5, 0, 0.5, 3, 20]) expect(softplus(z)).toBeCloseTo(Math.log(1 + Math.exp(z)), 12);
  });

  it('is finite for huge |z|', () => {
    expect(softplus(1e6)).toBe(1e6);
    expect(softplus(-1e6)).toBe(0);
    expect(softplus(1e308)).toBe(1e308);
  });
});

describe('softplusFromTable', () => {
  it('matches softplus to 1e-14 over a fine sweep of z', () => {
    let worst = 0;
    for (let z = -45; z <= 45; z += 0.00731) worst = Math.max(worst, Math.abs(softplusFromTable(z) - softplus(z)));
    expect(worst).toBeLessThan(1e-14);
  });
});

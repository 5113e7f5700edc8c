import { describe, expect, it } from 'vitest';
import { contourLevels, finiteExtent } from '../../src/plot/contour-levels.js';

describe('contourLevels (matplotlib contourf(..., n))', () => {
  it('gives the doc example', () => {
    expect(contourLevels(0.3, 9.7, 20)).toEqual(Array.from({ length: 21 }, (_, i) => i / 2));
  });
  it('gives 0, 0.05, …, 1 for a unit range and 20 levels', () => {
    const lev = contourLevels(0, 1, 20);
    expect(lev).toHaveLength(21);
    expect(lev[1]).toBe(0.05);
    expect(lev[20]).toBe(1);
  });
  it('gives the tutorial loss surface 0, 0.5, …, 7', () => {
    expect(contourLevels(0.2911869456249166, 6.957212245887692, 20)).toEqual(Array.from({ length: 15 }, (_, i) => i / 2));
  });
  it('trims so exactly one level lies at or below the minimum and one at or above the maximum', () => {
    for (const [lo, hi] of [[0.13, 0.71], [-3.2, 11.9], [100.5, 100.9], [-1e-3, 2e-3]] as const) {
      for (const n of [3, 7, 20]) {
        const lev = contourLevels(lo, hi, n);
        expect(lev[0]).toBeLessThanOrEqual(lo);
        expect(lev[1]).toBeGreaterThan(lo);
        expect(lev[lev.length - 1]).toBeGreaterThanOrEqual(hi);
        expect(lev[lev.length - 2]).toBeLessThan(hi);
        expect(lev.length - 1).toBeLessThanOrEqual(n + 1);
      }
    }
  });
  it('rejects a bad count', () => {
    expect(() => contourLevels(0, 1, 0)).toThrow(/positive integer/);
  });
});

describe('finiteExtent', () => {
  it('ignores NaN and infinities (doc example)', () => {
    expect(finiteExtent([3, NaN, -1])).toEqual([-1, 3]);
    expect(finiteExtent(Float64Array.of(Infinity, 2, -Infinity))).toEqual([2, 2]);
  });
  it('throws when nothing is finite', () => {
    expect(() => finiteExtent([NaN])).toThrow(/no finite value among 1/);
    expect(() => finiteExtent([])).toThrow(RangeError);
  });
});

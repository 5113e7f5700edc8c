import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { debiasedEma } = await loadPublic('ema.js');

describe('debiasedEma', () => {
  it('returns the values unchanged at weight 0', () => {
    expect(debiasedEma([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5]);
  });

  it('is debiased: a constant series stays constant from the first point', () => {
    for (const v of debiasedEma([2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12);
  });

  it('matches the TensorBoard recurrence by hand', () => {
    // last = 0.5·last + 0.5·v, divided by 1 − 0.5^count
    const out = debiasedEma([4, 0, 2], 0.5);
    expect(out[0]).toBeCloseTo(4, 12); // (2) / 0.5
    expect(out[1]).toBeCloseTo(1 / 0.75, 12); // (1) / 0.75
    expect(out[2]).toBeCloseTo(1.5 / 0.875, 12); // (0.5 + 1) / 0.875
  });

  it('skips missing values without disturbing the average', () => {
    const out = debiasedEma([4, null, Number.NaN, 0, Infinity, 2], 0.5);
    const clean = debiasedEma([4, 0, 2], 0.5);
    expect(out).toEqual([clean[0], null, null, clean[1], null, clean[2]]);
  });

  it('clamps the weight and handles empty input', () => {
    expect(debiasedEma([], 0.9)).toEqual([]);
    expect(debiasedEma([1, 3], -1)).toEqual([1, 3]);
    const high = debiasedEma([1, 3], 5);
    expect(high.every((v: number) => Number.isFinite(v))).toBe(true);
  });
});

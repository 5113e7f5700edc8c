import { describe, expect, it } from 'vitest';
import { linearScale, maxNLocator, niceTicks } from '../../src/plot/scales.js';

describe('linearScale', () => {
  it('maps domain ends to range ends and inverts', () => {
    const x = linearScale([-3, 4], [60, 620]);
    expect(x(-3)).toBe(60);
    expect(x(4)).toBe(620);
    expect(x(0)).toBeCloseTo(300, 12);
    expect(x.invert(300)).toBeCloseTo(0, 12);
  });
  it('flips with a reversed range (the doc example: y grows upwards)', () => {
    const y = linearScale([-4, 4], [400, 0]);
    expect(y(0)).toBe(200);
    expect(y(4)).toBe(0);
    expect(y(3)).toBeLessThan(y(-3));
  });
  it('rejects an empty domain and non-finite ends', () => {
    expect(() => linearScale([1, 1], [0, 10])).toThrow(/domain is empty/);
    expect(() => linearScale([0, NaN], [0, 10])).toThrow(/domain\[1\] is not a finite number/);
    expect(() => linearScale([0, 1], [Infinity, 10])).toThrow(/range\[0\]/);
  });
});

describe('maxNLocator (matplotlib MaxNLocator)', () => {
  it('gives the doc example', () => {
    expect(maxNLocator(-3, 4, 8)).toEqual([-3, -2, -1, 0, 1, 2, 3, 4]);
  });
  it('picks the smallest 1-2-2.5-5 step giving at most nbins intervals', () => {
    expect(maxNLocator(0, 1, 21)).toEqual(Array.from({ length: 21 }, (_, i) => Number((i * 0.05).toFixed(2))));
    expect(maxNLocator(-5, 5, 5)).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(maxNLocator(0, 10, 4)).toEqual([0, 2.5, 5, 7.5, 10]);
  });
  it('covers the range with values beyond its ends when needed', () => {
    const t = maxNLocator(0.29, 6.96, 21);
    expect(t[0]).toBeLessThanOrEqual(0.29);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(6.96);
    expect(t).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]);
  });
  it('has no float noise in the values', () => {
    for (const v of maxNLocator(0, 0.7, 7)) expect(String(v).length).toBeLessThan(6);
  });
  it('widens a zero-width range instead of failing', () => {
    const t = maxNLocator(2, 2, 4);
    expect(t.length).toBeGreaterThan(1);
    expect(t[0]).toBeLessThanOrEqual(2);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(2);
  });
  it('rejects bad input with a clear message', () => {
    expect(() => maxNLocator(1, 0, 5)).toThrow(/reversed/);
    expect(() => maxNLocator(0, NaN, 5)).toThrow(/finite/);
    expect(() => maxNLocator(0, 1, 0)).toThrow(/nbins/);
    expect(() => maxNLocator(0, 1, 2.5)).toThrow(/nbins/);
  });
});

describe('niceTicks', () => {
  it('keeps only ticks inside the range (doc example)', () => {
    expect(niceTicks(-4, 4, 5)).toEqual([-4, -2, 0, 2, 4]);
    expect(niceTicks(-5, 5, 5)).toEqual([-4, -2, 0, 2, 4]);
  });
  it('handles tiny and huge ranges', () => {
    expect(niceTicks(0, 1e-6, 4)).toEqual([0, 2.5e-7, 5e-7, 7.5e-7, 1e-6]);
    expect(niceTicks(0, 5e6, 5)).toEqual([0, 1e6, 2e6, 3e6, 4e6, 5e6]);
  });
});

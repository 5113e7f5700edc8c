import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { clippedAbove, pick, thinIndices } = await loadPublic('thin-series.js');

describe('thinIndices', () => {
  it('keeps everything within the budget, skipping null x', () => {
    expect(thinIndices([1, 2, null, 4], 10)).toEqual([0, 1, 3]);
  });

  it('keeps at most the budget of a long run, first and last included, spread over the whole run', () => {
    const xs = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const kept = thinIndices(xs, 150);
    expect(kept.length).toBeLessThanOrEqual(150);
    expect(kept.length).toBeGreaterThan(60);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(99_999);
    // evenly spaced on fixed bucket edges (the first bucket starts before the first point)
    const inner = kept.slice(1, -1);
    const gaps = inner.slice(1).map((k: number, i: number) => k - inner[i]);
    expect(Math.max(...gaps)).toBe(Math.min(...gaps));
  });

  it('keeps the same points as the curve grows, until the bucket width doubles', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i * 10);
    const before = thinIndices(xs, 200).slice(0, -1);
    const after = thinIndices([...xs, 10_000, 10_010], 200).slice(0, -1);
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('copes with nothing, one point and a flat x', () => {
    expect(thinIndices([], 10)).toEqual([]);
    expect(thinIndices([5], 10)).toEqual([0]);
    expect(thinIndices([3, 3, 3], 2)).toEqual([0, 1, 2]);
  });

  it('picks a column’s values', () => {
    expect(pick([7, 8, null, 9], [0, 2, 3])).toEqual([7, null, 9]);
  });
});

describe('clippedAbove', () => {
  it('counts the values above the axis, the largest, and marks their x', () => {
    expect(clippedAbove([1, 2, 3, 4], [0.5, 9, null, 7], 2)).toEqual({ count: 2, max: 9, marks: [2, 4] });
  });

  it('marks at most one per gap, but counts all', () => {
    const r = clippedAbove([1, 2, 3, 10], [5, 5, 5, 5], 1, 5);
    expect(r).toEqual({ count: 4, max: 5, marks: [1, 10] });
  });

  it('finds nothing when nothing is above', () => {
    expect(clippedAbove([1, 2], [0.1, 0.2], 1)).toEqual({ count: 0, max: null, marks: [] });
  });
});

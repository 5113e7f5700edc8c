import { describe, expect, it } from 'vitest';
import { StepHistory } from '../../src/server/step-history.js';

describe('StepHistory', () => {
  it('keeps everything until full', () => {
    const h = new StepHistory<number>(5);
    for (let i = 0; i < 5; i++) h.offer(i);
    expect(h.entries()).toEqual([0, 1, 2, 3, 4]);
  });
  it('thins the history when full so it spans the whole run within its capacity', () => {
    const h = new StepHistory<number>(4);
    for (let i = 0; i < 10; i++) h.offer(i);
    expect(h.entries()).toEqual([0, 4, 8]);
    const big = new StepHistory<number>(100);
    for (let i = 0; i < 100_000; i++) big.offer(i);
    const kept = big.entries();
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)!).toBeGreaterThan(100_000 - 100_000 / 50);
    // evenly spaced
    const gaps = new Set(kept.slice(1).map((v, i) => v - kept[i]!));
    expect(gaps.size).toBe(1);
  });
  it('last(k), revision and clear', () => {
    const h = new StepHistory<number>(10);
    const r0 = h.revision;
    h.offer(1);
    h.offer(2);
    h.offer(3);
    expect(h.last(2)).toEqual([2, 3]);
    expect(h.revision).toBe(r0 + 3);
    h.clear();
    expect(h.entries()).toEqual([]);
    h.offer(7);
    expect(h.entries()).toEqual([7]);
  });
  it('refuses a capacity below 2', () => {
    expect(() => new StepHistory(1)).toThrow(RangeError);
  });
});

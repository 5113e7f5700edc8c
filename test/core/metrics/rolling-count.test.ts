import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RollingMean } from '../../../src/core/metrics/index.js';
import { RollingCount } from '../../../src/core/metrics/rolling-count.js';

describe('RollingCount', () => {
  it('is the RollingMean of the same 0s and 1s, bit for bit, at every read', () => {
    const rng = seedrandom('rolling-count');
    for (const window of [1, 2, 7, 64, 500]) {
      const count = new RollingCount(window);
      const mean = new RollingMean(window);
      let hits = 0;
      for (let i = 0; i < 3000; i++) {
        const hit = rng() < 0.6 ? 1 : 0;
        hits += hit;
        count.update(hit);
        mean.update(hit);
        expect(count.count).toBe(hits);
        if (rng() < 0.3) expect(Object.is(count.get(), mean.get())).toBe(true);
        expect(Object.is(count.get(), count.get())).toBe(true);
        expect(count.n).toBe(mean.n);
      }
      expect(count.values()).toEqual(mean.values());
      count.reset();
      expect(count.get()).toBeNaN();
    }
  });

  it('restores from the saved hits and the running count, with a full window or fewer values', () => {
    const rng = seedrandom('rolling-count-restore');
    for (const window of [1, 5, 40]) {
      for (const total of [0, 3, window, 3 * window + 2]) {
        const saved = new RollingCount(window);
        for (let i = 0; i < total; i++) saved.update(rng() < 0.5 ? 1 : 0);
        const full = new RollingCount(window).restore(saved.values(), total, saved.count);
        expect([full.n, full.count, full.values()]).toEqual([saved.n, saved.count, saved.values()]);
        for (let i = 0; i < 2 * window + 3; i++) {
          const hit = rng() < 0.5 ? 1 : 0;
          saved.update(hit);
          full.update(hit);
          expect(Object.is(full.get(), saved.get())).toBe(true);
        }
      }
    }
    // Fewer values than the stream had: they are all the window holds until more arrive.
    const few = new RollingCount(10).restore([1, 0, 1], 3, 57);
    expect([few.n, few.count, few.get(), few.values()]).toEqual([3, 57, 2 / 3, [1, 0, 1]]);
    expect(few.update(1).get()).toBe(3 / 4);
  });

  it('is NaN when empty, resets, and refuses a bad window or restore', () => {
    const c = new RollingCount(3);
    expect(c.get()).toBeNaN();
    c.update(1).update(1);
    expect(c.get()).toBe(1);
    c.reset();
    expect([c.n, c.count, c.values()]).toEqual([0, 0, []]);
    expect(() => new RollingCount(0)).toThrow(/window must be an integer ≥ 1, got 0/);
    expect(() => new RollingCount(3).restore([1, 1, 1, 1], 9, 4)).toThrow(/at most 3 hits/);
    expect(() => new RollingCount(3).restore([1, 1], 1, 2)).toThrow(/at most 3 hits of at most 1 values, got 2/);
  });
});

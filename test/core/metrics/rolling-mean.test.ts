import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RollingMean } from '../../../src/core/metrics/rolling-mean.js';

describe('RollingMean', () => {
  it('reads the same mean again until a value comes, whatever the read cadence, and forgets it on reset', () => {
    const rng = seedrandom('rolling-mean-reads');
    for (const window of [1, 3, 64]) {
      const every = new RollingMean(window);
      const sometimes = new RollingMean(window);
      expect(every.get()).toBeNaN();
      for (let i = 0; i < 1000; i++) {
        const v = rng() * 3;
        every.update(v);
        sometimes.update(v);
        const first = every.get();
        expect(Object.is(every.get(), first)).toBe(true);
        if (rng() < 0.2) {
          const m = sometimes.get();
          expect(Object.is(sometimes.get(), m)).toBe(true);
          // Another cadence of reads sums in another order: the same mean up to rounding.
          expect(m).toBeCloseTo(first, 12);
        }
      }
      every.reset();
      expect(every.get()).toBeNaN();
      every.update(2);
      expect(every.get()).toBe(2);
    }
  });

  it('reads a restored window afresh, not the mean read before the restore', () => {
    const m = new RollingMean(2);
    m.update(1).update(3);
    expect(m.get()).toBe(2);
    m.restore([5, 7], 2); // the same count of values, other values
    expect(m.get()).toBe(6);
  });

  it('reads the largest finite mean when the window\'s sum overflows, again on a second read', () => {
    const m = new RollingMean(2);
    m.update(Number.MAX_VALUE).update(Number.MAX_VALUE);
    expect(m.get()).toBe(Number.MAX_VALUE);
    expect(m.get()).toBe(Number.MAX_VALUE);
    m.update(1);
    expect(m.get()).toBeCloseTo(Number.MAX_VALUE / 2, -300);
  });
});

import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { LossSum, ProgressiveMetrics, RollingMean } from '../../../src/core/metrics/index.js';
import { metricsOfState, metricsStateMismatch } from '../../../src/core/metrics/progressive-metrics.js';
import type { ProgressiveMetricsState } from '../../../src/core/metrics/index.js';

/** `count` seeded (loss, hit) pairs. */
function records(count: number, seed: string): [number, boolean][] {
  const rng = seedrandom(seed);
  return Array.from({ length: count }, () => [rng() * 3, rng() < 0.7]);
}

describe('RollingMean.values and LossSum.save/load', () => {
  it('lists the window oldest first, across the ring’s wrap', () => {
    const m = new RollingMean(3);
    expect(m.values()).toEqual([]);
    m.update(1).update(2);
    expect(m.values()).toEqual([1, 2]);
    for (let v = 3; v <= 11; v++) m.update(v);
    expect(m.values()).toEqual([9, 10, 11]);
  });

  it('continues a sum, scaled or not, and refuses a scale it could not have written', () => {
    const a = new LossSum();
    a.add(Number.MAX_VALUE);
    a.add(Number.MAX_VALUE);
    const b = new LossSum();
    b.load(a.save());
    expect(b.save()).toEqual(a.save());
    expect(b.mean(2)).toBe(a.mean(2));
    expect(() => b.load({ sum: 1, scale: 3 })).toThrow(/power of 2\^64/);
    expect(() => b.load({ sum: -1, scale: 1 })).toThrow(/finite number ≥ 0/);
  });
});

describe('ProgressiveMetrics.save/load', () => {
  it('goes on after a save and a load as if it had never stopped (same scores, within rounding of the rolling sums)', () => {
    const data = records(3000, 'resume');
    const straight = new ProgressiveMetrics(500);
    const first = new ProgressiveMetrics(500);
    for (const [l, h] of data.slice(0, 1234)) {
      straight.record(l, h);
      first.record(l, h);
    }
    const saved: ProgressiveMetricsState = JSON.parse(JSON.stringify(first.save())) as ProgressiveMetricsState; // through a file
    expect(saved.recentLosses).toHaveLength(500);
    const resumed = new ProgressiveMetrics(500).load(saved);
    expect(resumed.get()).toEqual(first.get());
    for (const [l, h] of data.slice(1234)) {
      straight.record(l, h);
      resumed.record(l, h);
    }
    const a = straight.get();
    const b = resumed.get();
    expect(b.n).toBe(3000);
    expect(b.logLoss).toBe(a.logLoss);
    expect(b.accuracy).toBe(a.accuracy);
    expect(b.rollingLogLoss).toBeCloseTo(a.rollingLogLoss!, 12);
    expect(b.rollingAccuracy).toBeCloseTo(a.rollingAccuracy!, 12);
  });

  it('saves nothing scored as null scores, and keeps the latest samples when the window shrinks', () => {
    expect(new ProgressiveMetrics(5).load(new ProgressiveMetrics(5).save()).get()).toEqual({
      n: 0,
      logLoss: null,
      accuracy: null,
      rollingLogLoss: null,
      rollingAccuracy: null,
    });
    const big = new ProgressiveMetrics(10);
    for (let i = 0; i < 10; i++) big.record(i, i >= 8);
    const small = new ProgressiveMetrics(2).load(big.save());
    expect(small.get()).toMatchObject({ n: 10, rollingLogLoss: 8.5, rollingAccuracy: 1, accuracy: 0.2 });
    expect(metricsOfState(big.save())).toEqual(big.get());
    expect(metricsOfState(undefined).n).toBe(0);
  });

  it('refuses an inconsistent state, naming the field, and changes nothing', () => {
    const m = new ProgressiveMetrics(5);
    m.record(1, true);
    const good = m.save();
    const before = m.get();
    const bad: [Partial<ProgressiveMetricsState>, RegExp][] = [
      [{ n: -1 }, /n must be an integer ≥ 0/],
      [{ correct: 2 }, /correct is 2, more than n \(1\)/],
      [{ lossSum: Number.NaN }, /lossSum must be a finite number/],
      [{ recentHits: [] }, /recentLosses has 1 values, recentHits 0/],
      [{ recentLosses: [1, 1], recentHits: [1, 1] }, /more than n/],
      [{ recentLosses: [], recentHits: [] }, /recentLosses is empty/],
      [{ recentLosses: [-1] }, /recentLosses\[0\] must be a finite number ≥ 0/],
      [{ recentHits: [2] }, /recentHits\[0\] must be 0 or 1/],
      [{ lossScale: 3 }, /power of 2\^64/],
    ];
    for (const [change, why] of bad) {
      expect(() => m.load({ ...good, ...change })).toThrow(why);
      expect(m.get()).toEqual(before);
    }
    expect(metricsStateMismatch(good)).toBeNull();
  });
});

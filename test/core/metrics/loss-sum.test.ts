import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { LogLoss, LossSum, ProgressiveMetrics, RollingMean } from '../../../src/core/metrics/index.js';

const MAX = Number.MAX_VALUE;

describe('LossSum', () => {
  it('is NaN for no loss, and bit-identical to sum / n while the sum is finite', () => {
    expect(new LossSum().mean(0)).toBeNaN();
    const rng = seedrandom('loss-sum');
    const s = new LossSum();
    let plain = 0;
    for (let i = 1; i <= 10_000; i++) {
      const loss = rng() < 0.01 ? rng() * 1e300 : rng() * 5;
      s.add(loss);
      plain += loss;
      expect(Object.is(s.mean(i), plain / i)).toBe(true);
    }
  });

  it('keeps the mean finite, and right, when the sum of huge losses would overflow (the TSDoc example)', () => {
    const s = new LossSum();
    s.add(MAX);
    s.add(MAX);
    expect(s.mean(2)).toBe(MAX);
    s.add(0);
    s.add(0);
    expect(s.mean(4)).toBe(MAX / 2);
    for (let i = 0; i < 1000; i++) s.add(1);
    expect(s.mean(1004)).toBe((2 * (MAX / 2 ** 64) / 1004) * 2 ** 64);
    expect(Number.isFinite(s.mean(1004))).toBe(true);
    s.reset();
    s.add(3);
    expect(s.mean(1)).toBe(3);
  });

  it('makes LogLoss, ProgressiveMetrics and RollingMean finite for capped losses', () => {
    const log = new LogLoss();
    const progressive = new ProgressiveMetrics(4);
    const rolling = new RollingMean(4);
    for (let i = 0; i < 20; i++) {
      log.updateLoss(MAX);
      progressive.record(MAX, false);
      rolling.update(MAX);
      for (const v of [log.get(), rolling.get(), ...Object.values(progressive.get())]) expect(Number.isFinite(v), String(v)).toBe(true);
    }
    expect(rolling.get()).toBeGreaterThan(MAX * (1 - 1e-15)); // averaged as Σ v/4: within rounding of MAX
    expect(progressive.get().logLoss).toBeGreaterThan(MAX * (1 - 1e-15));
    for (let i = 0; i < 8; i++) {
      progressive.record(2, true);
      rolling.update(2);
    }
    // Once the huge values have left the window, the rolling means are plain again.
    expect(rolling.get()).toBe(2);
    expect(progressive.get().rollingLogLoss).toBe(2);
    expect(progressive.get().logLoss).toBeCloseTo((MAX / 28) * 20, -300);
  });
});

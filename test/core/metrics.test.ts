import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyFromLogit } from '../../src/core/index.js';
import type { Label } from '../../src/core/index.js';
import {
  Accuracy,
  hasScores,
  LogLoss,
  ProgressiveMetrics,
  RollingAccuracy,
  RollingLogLoss,
  RollingMean,
} from '../../src/core/metrics/index.js';

const bruteMean = (values: number[], window: number): number => {
  const last = values.slice(Math.max(0, values.length - window));
  return last.length === 0 ? NaN : last.reduce((a, b) => a + b, 0) / last.length;
};

describe('LogLoss and Accuracy', () => {
  it('are NaN before the first prediction and the plain means after', () => {
    const loss = new LogLoss();
    const acc = new Accuracy();
    expect(loss.get()).toBeNaN();
    expect(acc.get()).toBeNaN();
    loss.update(1, 0.8).update(0, 0.3).update(1, 0.4);
    acc.update(1, 1).update(0, 0).update(1, 0);
    expect(loss.n).toBe(3);
    expect(loss.get()).toBeCloseTo((-Math.log(0.8) - Math.log(0.7) - Math.log(0.4)) / 3, 15);
    expect(acc.get()).toBeCloseTo(2 / 3, 15);
    expect(loss.reset().get()).toBeNaN();
    expect(acc.reset().n).toBe(0);
  });

  it('stays finite for certain wrong probabilities (clamped as crossEntropy)', () => {
    expect(new LogLoss().update(1, 0).get()).toBe(crossEntropy(0, 1));
    expect(Number.isFinite(new LogLoss().update(0, 1).get())).toBe(true);
  });
});

describe('RollingMean', () => {
  it('equals the brute-force mean of the last window values at every point', () => {
    const rng = seedrandom('rolling');
    for (const window of [1, 2, 7, 50]) {
      const m = new RollingMean(window);
      const values: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const v = (rng() - 0.5) * 10;
        values.push(v);
        m.update(v);
        // Read at irregular intervals, so both the incremental and the full path run.
        if (rng() < 0.3 || i % 97 === 0) {
          expect(m.get()).toBeCloseTo(bruteMean(values, window), 12);
          expect(m.n).toBe(Math.min(values.length, window));
        }
      }
    }
  });

  it('equals the brute-force mean with its four lanes, read every 1 to 150 values, windows of 3 to 300', () => {
    const rng = seedrandom('lanes');
    for (const window of [3, 4, 5, 64, 299, 300]) {
      const m = new RollingMean(window);
      const values: number[] = [];
      let next = 1;
      for (let i = 0; i < 3000; i++) {
        const v = rng() * 4;
        values.push(v);
        m.update(v);
        if (i + 1 === next) {
          expect(m.get()).toBeCloseTo(bruteMean(values, window), 12);
          next += 1 + Math.floor(rng() * 150);
        }
      }
    }
  });

  it('restore goes on as the saved stream does when first read at the same count, bit for bit', () => {
    const rng = seedrandom('restore');
    for (const window of [1, 6, 50]) {
      for (const total of [0, 3, window, window + 1, 7 * window + 3]) {
        const saved = new RollingMean(window);
        for (let i = 0; i < total; i++) saved.update(rng() * 3);
        const restored = new RollingMean(window).restore(saved.values(), total);
        expect(restored.n).toBe(saved.n);
        expect(Object.is(restored.get(), saved.get()) || total === 0).toBe(true);
        for (let i = 0; i < 3 * window + 5; i++) {
          const v = rng() * 3;
          saved.update(v);
          restored.update(v);
          if (rng() < 0.4) expect(Object.is(restored.get(), saved.get())).toBe(true);
        }
      }
    }
    expect(() => new RollingMean(5).restore([1, 2], 10)).toThrow(/min\(total, window\) = 5/);
  });

  it('updateMany is the same state as as many updates, bit for bit, for short and long runs', () => {
    const rng = seedrandom('update-many');
    for (const window of [1, 3, 40, 100]) {
      const one = new RollingMean(window);
      const many = new RollingMean(window);
      for (let round = 0; round < 60; round++) {
        const count = [1, 2, 5, 63, 64, 65, 150, 500][round % 8]!;
        const values = Float64Array.from({ length: count }, () => (rng() - 0.5) * 10);
        for (const v of values) one.update(v);
        many.updateMany(values, count);
        expect(Object.is(many.get(), one.get())).toBe(true);
        expect(many.n).toBe(one.n);
      }
    }
  });

  it('keeps its precision over a long stream of mixed magnitudes', () => {
    const m = new RollingMean(100);
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const v = i % 3 === 0 ? 1e8 : 1e-3 * i;
      values.push(v);
      m.update(v);
      if (i % 7 === 0) m.get();
    }
    expect(m.get()).toBeCloseTo(bruteMean(values, 100), 6);
  });

  it('is NaN when empty, resets, and refuses a bad window', () => {
    const m = new RollingMean(3);
    expect(m.get()).toBeNaN();
    m.update(1).update(2);
    expect(m.get()).toBe(1.5);
    m.reset();
    expect(m.get()).toBeNaN();
    m.update(4);
    expect(m.get()).toBe(4);
    expect(() => new RollingMean(0)).toThrow(/window must be an integer ≥ 1, got 0/);
    expect(() => new RollingMean(2.5)).toThrow(RangeError);
  });
});

describe('RollingLogLoss and RollingAccuracy', () => {
  it('score only the last window predictions', () => {
    const loss = new RollingLogLoss(2);
    loss.update(1, 0.5).update(1, 0.25).update(0, 0.25);
    expect(loss.get()).toBeCloseTo((-Math.log(0.25) - Math.log(0.75)) / 2, 15);
    expect(loss.window).toBe(2);
    const acc = new RollingAccuracy(3);
    for (const [t, p] of [[1, 0], [1, 1], [0, 0], [0, 0]] as [Label, Label][]) acc.update(t, p);
    expect(acc.get()).toBe(1);
    expect(acc.n).toBe(3);
    expect(acc.reset().get()).toBeNaN();
  });
});

/** The four separate metrics that `ProgressiveMetrics` must equal, fed the same losses and hits. */
function fourMetrics(window: number): { record(loss: number, right: boolean): void; scores(n: number): (number | null)[] } {
  const loss = new LogLoss();
  const acc = new Accuracy();
  const rLoss = new RollingLogLoss(window);
  const rAcc = new RollingAccuracy(window);
  return {
    record(l, right) {
      loss.updateLoss(l);
      acc.updateCorrect(right);
      rLoss.updateLoss(l);
      rAcc.updateCorrect(right);
    },
    scores: (n) => [n, loss.get(), acc.get(), rLoss.get(), rAcc.get()],
  };
}

describe('ProgressiveMetrics', () => {
  it('gives the same numbers as the four separate metrics', () => {
    const rng = seedrandom('progressive');
    const p = new ProgressiveMetrics(10);
    const loss = new LogLoss();
    const acc = new Accuracy();
    const rLoss = new RollingLogLoss(10);
    const rAcc = new RollingAccuracy(10);
    for (let i = 0; i < 250; i++) {
      const t: Label = rng() < 0.5 ? 0 : 1;
      const z = (rng() - 0.5) * 8;
      p.update(t, z);
      const l = crossEntropyFromLogit(z, t);
      const predicted: Label = z > 0 ? 1 : 0;
      loss.updateLoss(l);
      acc.update(t, predicted);
      rLoss.updateLoss(l);
      rAcc.update(t, predicted);
      if (i % 13 === 0 || i === 249) {
        const m = p.get();
        expect(m.n).toBe(i + 1);
        expect(m.logLoss).toBeCloseTo(loss.get(), 13);
        expect(m.accuracy).toBe(acc.get());
        expect(m.rollingLogLoss).toBeCloseTo(rLoss.get(), 13);
        expect(m.rollingAccuracy).toBeCloseTo(rAcc.get(), 15);
      }
    }
    expect(p.window).toBe(10);
  });

  it('is bit-identical to the four metrics whenever it is read, over its buffer boundaries', () => {
    const rng = seedrandom('buffered');
    const p = new ProgressiveMetrics(300);
    const four = fourMetrics(300);
    for (let i = 0; i < 5000; i++) {
      const l = rng() * 3;
      const right = rng() < 0.6;
      p.record(l, right);
      four.record(l, right);
      expect(p.n).toBe(i + 1);
      if (rng() < 0.02 || i % 1000 === 999 || i < 3) {
        const m = p.get();
        const want = four.scores(i + 1);
        expect([m.n, m.logLoss, m.accuracy, m.rollingLogLoss, m.rollingAccuracy]).toEqual(want);
        expect(Object.is(m.logLoss, want[1]) && Object.is(m.rollingLogLoss, want[3])).toBe(true);
      }
    }
  });

  it('read after every sample (a step per sample), now and then after a few, is bit-identical to the four metrics, past overflows and window ends', () => {
    const rng = seedrandom('read-each');
    for (const window of [1, 2, 3, 300]) {
      const p = new ProgressiveMetrics(window);
      const four = fourMetrics(window);
      for (let i = 0; i < 3000; i++) {
        const l = i % 701 === 700 || i % 701 === 700 - Math.max(1, window - 1) ? Number.MAX_VALUE : rng() * 3;
        const right = rng() < 0.6;
        p.record(l, right);
        four.record(l, right);
        if (rng() < 0.9) {
          const m = p.get();
          const want = four.scores(i + 1);
          const got = [m.n, m.logLoss, m.accuracy, m.rollingLogLoss, m.rollingAccuracy];
          expect(got.every((v, k) => Object.is(v, want[k])), `window ${window}, sample ${i}: ${String(got)} vs ${String(want)}`).toBe(true);
        }
      }
    }
  });

  it('predicts class 0 for a logit of exactly 0 and starts with null scores (no value yet), never NaN', () => {
    const p = new ProgressiveMetrics();
    expect(p.get()).toEqual({ n: 0, logLoss: null, accuracy: null, rollingLogLoss: null, rollingAccuracy: null });
    expect(hasScores(p.get())).toBe(false);
    p.update(1, 0);
    expect(p.get().accuracy).toBe(0);
    p.update(0, 0);
    expect(p.get().accuracy).toBe(0.5);
    expect(p.get().logLoss).toBe(Math.LN2);
    p.reset();
    expect(p.n).toBe(0);
  });
});

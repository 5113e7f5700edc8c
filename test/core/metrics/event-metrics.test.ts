import { describe, expect, it } from 'vitest';
import { CalibrationTable } from '../../../src/core/metrics/calibration-table.js';
import { Confusion } from '../../../src/core/metrics/confusion.js';
import { RocAuc } from '../../../src/core/metrics/roc-auc.js';
import { RollingRocAuc } from '../../../src/core/metrics/rolling-roc-auc.js';
import type { Label } from '../../../src/core/sample.js';
import fixture from '../../fixtures/metrics.json' with { type: 'json' };

const ts = fixture.t as Label[];

describe('RocAuc', () => {
  it("equals scikit-learn's roc_auc_score after every prediction (ties included)", () => {
    const auc = new RocAuc();
    ts.forEach((t, k) => {
      auc.update(t, fixture.p[k]!);
      const expected = fixture.cumulativeAuc[k];
      if (expected === null) expect(auc.get()).toBeNaN();
      else expect(Math.abs(auc.get() - expected!)).toBeLessThan(1e-12);
    });
    expect(auc.distinctScores).toBeLessThanOrEqual(101); // two decimals
  });

  it('stays exact and shallow on a long stream of distinct scores', () => {
    const auc = new RocAuc();
    let seed = 1;
    const rand = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const ps: number[] = [];
    const labels: Label[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t: Label = rand() < 0.3 ? 1 : 0;
      const p = rand() * 0.8 + t * 0.2;
      auc.update(t, p);
      ps.push(p);
      labels.push(t);
    }
    // brute force by sorting
    const order = ps.map((_, i) => i).sort((a, b) => ps[a]! - ps[b]!);
    let neg = 0;
    let pairs = 0;
    for (const i of order) {
      if (labels[i] === 1) pairs += neg;
      else neg++;
    }
    const pos = labels.length - neg;
    expect(auc.get()).toBeCloseTo(pairs / (pos * neg), 12);
    expect(auc.distinctScores).toBe(20_000);
  });

  it('runs the doc example, refuses NaN, and resets', () => {
    const auc = new RocAuc();
    auc.update(1, 0.9).update(0, 0.2).update(1, 0.1);
    expect(auc.get()).toBe(0.5);
    expect(() => auc.update(1, NaN)).toThrow(/NaN/);
    expect(auc.reset().get()).toBeNaN();
  });
});

describe('RollingRocAuc', () => {
  it("equals scikit-learn's roc_auc_score over each window", () => {
    const auc = new RollingRocAuc(fixture.window);
    ts.forEach((t, k) => {
      auc.update(t, fixture.p[k]!);
      const expected = fixture.rollingAuc[k];
      if (expected === null) expect(auc.get()).toBeNaN();
      else expect(Math.abs(auc.get() - expected!)).toBeLessThan(1e-12);
    });
  });

  it('runs the doc example', () => {
    expect(new RollingRocAuc(2).update(0, 0.9).update(1, 0.8).update(0, 0.1).get()).toBe(1);
  });
});

describe('Confusion', () => {
  it("has scikit-learn's precision, recall and F1 at p > 0.5, cumulative and rolling", () => {
    const all = new Confusion();
    const rolling = new Confusion(fixture.window);
    ts.forEach((t, k) => {
      all.update(t, fixture.p[k]!);
      rolling.update(t, fixture.p[k]!);
    });
    const s = all.get();
    expect(s.precision).toBeCloseTo(fixture.precision, 14);
    expect(s.recall).toBeCloseTo(fixture.recall, 14);
    expect(s.f1).toBeCloseTo(fixture.f1, 14);
    expect(s.tp + s.fp + s.fn + s.tn).toBe(ts.length);
    expect(rolling.get().f1).toBeCloseTo(fixture.rollingF1, 14);
    const r = rolling.get();
    expect(r.tp + r.fp + r.fn + r.tn).toBe(fixture.window);
  });

  it('runs the doc example and is NaN where undefined', () => {
    expect(new Confusion().update(1, 0.9).update(0, 0.7).update(1, 0.2).get()).toEqual({ tp: 1, fp: 1, fn: 1, tn: 0, precision: 0.5, recall: 0.5, f1: 0.5 });
    const none = new Confusion().update(0, 0.1).get();
    expect([none.precision, none.recall, none.f1]).toEqual([NaN, NaN, NaN]);
    expect(() => new Confusion(0)).toThrow(/window/);
  });
});

describe('CalibrationTable', () => {
  it('runs the doc example', () => {
    const table = new CalibrationTable(2);
    table.update(1, 0.9).update(0, 0.7).update(0, 0.1);
    expect(table.get()[1]).toEqual({ lower: 0.5, upper: 1, count: 2, predicted: 0.8, observed: 0.5 });
    expect(table.get()[0]).toEqual({ lower: 0, upper: 0.5, count: 1, predicted: 0.1, observed: 0 });
  });

  it('puts 1 in the last bin, a bin edge in the upper bin, and has NaN for empty bins', () => {
    const bins = new CalibrationTable(10).update(1, 1).update(0, 0.3).get();
    expect(bins[9]!.count).toBe(1);
    expect(bins[3]!.count).toBe(1);
    expect(bins[0]!.predicted).toBeNaN();
  });

  it('rolling: the same as a cumulative table over the last window', () => {
    const rolling = new CalibrationTable(5, fixture.window);
    const last = new CalibrationTable(5);
    ts.forEach((t, k) => {
      rolling.update(t, fixture.p[k]!);
      if (k >= ts.length - fixture.window) last.update(t, fixture.p[k]!);
    });
    expect(rolling.get()).toEqual(last.get());
  });

  it('refuses a probability outside [0, 1] and bad sizes', () => {
    expect(() => new CalibrationTable().update(1, 1.5)).toThrow(/\[0, 1\]/);
    expect(() => new CalibrationTable(0)).toThrow(/bins/);
    expect(() => new CalibrationTable(10, -1)).toThrow(/window/);
  });
});

import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../src/data/numpy-random.js';
import {
  TUTORIAL_MEANS,
  TUTORIAL_PER_CLASS,
  TUTORIAL_SEED,
  tutorialDataset,
} from '../../src/data/tutorial-dataset.js';
import fixture from '../fixtures/tutorial.json' with { type: 'json' };

describe('tutorialDataset', () => {
  it('regenerates the tutorial X (NumPy) to 1e-12, and all 80 coordinates bit for bit', () => {
    const { X } = tutorialDataset();
    expect(X).toHaveLength(fixture.X.length);
    let exact = 0;
    X.forEach((row, i) =>
      row.forEach((v, k) => {
        const want = fixture.X[i]![k]!;
        if (v === want) exact++;
        expect(Math.abs(v - want), `X[${i}][${k}]`).toBeLessThanOrEqual(1e-12);
      }),
    );
    // Math.log and the C library's log may differ by an ulp on a rare draw.
    expect(exact).toBe(80);
  });

  it('labels red stars 0 then blue circles 1, as the fixture', () => {
    const { t, samples, X } = tutorialDataset();
    expect(t).toEqual(fixture.t);
    expect(t.slice(0, 20).every((v) => v === 0)).toBe(true);
    expect(t.slice(20).every((v) => v === 1)).toBe(true);
    expect(samples.map((s) => s.t)).toEqual(t);
    expect(samples.map((s) => s.x)).toEqual(X);
    expect(samples[0]!.x).not.toBe(X[0]); // copies: mutating X leaves samples alone
  });

  it('exposes the tutorial constants', () => {
    const data = tutorialDataset();
    expect(TUTORIAL_SEED).toBe(1);
    expect(TUTORIAL_PER_CLASS).toBe(fixture.perClass);
    expect(TUTORIAL_MEANS).toEqual(fixture.means);
    expect(data.means).toEqual(fixture.means);
    expect(data.perClass).toBe(20);
    expect(data.seed).toBe(1);
  });

  it('is randn(perClass, d) + mean for each class from one NumPy stream', () => {
    const means: [number[], number[]] = [[0, 1, 2], [-3, 4, 0.5]];
    const data = tutorialDataset({ seed: 7, perClass: 3, means });
    const rs = new NumpyRandomState(7);
    const expected = [
      ...rs.randn(3, 3).map((r) => r.map((v, k) => v + means[0][k]!)),
      ...rs.randn(3, 3).map((r) => r.map((v, k) => v + means[1][k]!)),
    ];
    expect(data.X).toEqual(expected);
    expect(data.t).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('carries the cached normal from class 0 into class 1 when the count is odd', () => {
    const data = tutorialDataset({ seed: 3, perClass: 1, means: [[0], [10]] });
    const [a, b] = new NumpyRandomState(3).randn(2);
    expect(data.X).toEqual([[a], [b! + 10]]);
  });

  it('runs the documented example', () => {
    const { X, t, samples } = tutorialDataset();
    expect(X).toHaveLength(40);
    expect(X[0]).toEqual([0.6243453636632417, -0.6117564136500754]);
    expect(t[39]).toBe(1);
    expect(samples[0]!.t).toBe(0);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => tutorialDataset({ perClass: 0 })).toThrow(/tutorialDataset: perClass must be an integer ≥ 1, got 0/);
    expect(() => tutorialDataset({ seed: -1 })).toThrow(/seed must be an integer/);
    expect(() => tutorialDataset({ means: [[0, 0], [1]] })).toThrow(/tutorialDataset: means\[0\] and means\[1\]/);
    expect(() => tutorialDataset({ means: [[0, 0], [1, Number.NaN]] })).toThrow(
      /tutorialDataset: means\[1\]\[1\] must be a finite number, got NaN/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { StandardScaler } from '../../../src/core/features/standard-scaler.js';
import type { SparseVector } from '../../../src/core/features/sparse-vector.js';

const v = (indices: number[], values: number[]): SparseVector => ({ indices: Int32Array.from(indices), values: Float64Array.from(values), nnz: indices.length });

describe('StandardScaler', () => {
  it("has the batch mean and population variance of each slot (Welford), as River's StandardScaler", () => {
    const s = new StandardScaler(10, 2);
    const xs = [3, 1e5, -7.5, 42, 0.001, 12];
    xs.forEach((x, k) => s.learn(v(k % 2 === 0 ? [10, 11] : [11], k % 2 === 0 ? [x, 2 * x] : [2 * x])));
    const slot1 = xs.map((x) => 2 * x);
    const mean = slot1.reduce((a, b) => a + b) / slot1.length;
    const variance = slot1.reduce((a, b) => a + (b - mean) ** 2, 0) / slot1.length;
    expect(s.mean(1)).toBeCloseTo(mean, 9);
    expect(s.variance(1) / variance).toBeCloseTo(1, 12);
    expect(s.counts[0]).toBe(3);
    expect(s.mean(0)).toBeCloseTo((3 - 7.5 + 0.001) / 3, 12);
  });

  it('standardises only the slots at or after its offset, with the current statistics', () => {
    const s = new StandardScaler(4, 1);
    const first = v([1, 4], [1, 10]);
    expect(Array.from(s.transform(first, v([0, 0], [0, 0])).values)).toEqual([1, 0]); // no statistics yet: 0
    s.learn(first);
    s.learn(v([4], [20]));
    const out = s.transform(v([4, 2], [25, 3]), v([], []));
    expect(Array.from(out.values)).toEqual([(25 - 15) / 5, 3]);
    expect(Array.from(out.indices)).toEqual([4, 2]);
    s.reset();
    expect(s.mean(0)).toBe(0);
  });

  it('maps a constant slot to 0 (variance 0), as River', () => {
    const s = new StandardScaler(0, 1);
    s.learn(v([0], [5]));
    s.learn(v([0], [5]));
    expect(s.transform(v([0], [9]), v([0], [0])).values[0]).toBe(0);
  });

  it('runs the doc example', () => {
    const s = new StandardScaler(4, 2);
    s.learn({ indices: Int32Array.of(4), values: Float64Array.of(10), nnz: 1 });
    s.learn({ indices: Int32Array.of(4), values: Float64Array.of(20), nnz: 1 });
    expect(s.mean(0)).toBe(15);
  });
});

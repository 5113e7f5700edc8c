import { describe, expect, it } from 'vitest';
import { sparseBlock } from '../../../src/core/features/sparse-vector.js';
import type { SparseVector } from '../../../src/core/features/sparse-vector.js';
import type { LearningRateSchedule } from '../../../src/core/learning-rate-schedule.js';
import { createOptimizer } from '../../../src/core/optim/create-optimizer.js';
import { learnSparse, learnSparseBlock } from '../../../src/core/optim/learn-sparse.js';
import type { OptimizerConfig } from '../../../src/core/optim/optimizer.js';
import { createSparseModel, sparseLogit, sparseWeight } from '../../../src/core/optim/sparse-model.js';
import type { Label } from '../../../src/core/sample.js';
import fixture from '../../fixtures/optimizers.json' with { type: 'json' };

const rows: SparseVector[] = fixture.rows.map((r) => ({ indices: Int32Array.from(r.indices), values: Float64Array.from(r.values), nnz: r.indices.length }));
const labels = fixture.rows.map((r) => r.t as Label);

function close(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(expected)));
}

describe.each(fixture.cases)('$name against the dense eager NumPy reference', (c) => {
  const options = { schedule: c.schedule as LearningRateSchedule, l2: c.l2 };

  it('predicts the same logit before every step and ends at the same weights', () => {
    const model = createSparseModel(fixture.dimension);
    const opt = createOptimizer(c.optimizer as OptimizerConfig, options, fixture.dimension);
    rows.forEach((x, k) => {
      close(sparseLogit(model, x), c.logits[k]!);
      learnSparse(model, opt, x, labels[k]!);
    });
    c.weights.forEach((w, i) => close(sparseWeight(model, i), w));
    close(model.bias, c.bias);
    expect(model.updates).toBe(rows.length);
    if ('zeros' in c) expect(c.weights.filter((w) => w === 0).length).toBe(c.zeros);
  });

  it('learns a block exactly as one sample at a time', () => {
    const one = createSparseModel(fixture.dimension);
    const optOne = createOptimizer(c.optimizer as OptimizerConfig, options, fixture.dimension);
    let loss = 0;
    rows.forEach((x, k) => (loss += learnSparse(one, optOne, x, labels[k]!)));
    const blocked = createSparseModel(fixture.dimension);
    const optBlock = createOptimizer(c.optimizer as OptimizerConfig, options, fixture.dimension);
    const logits = new Float64Array(rows.length);
    const blockLoss = learnSparseBlock(blocked, optBlock, sparseBlock(rows, labels), logits);
    expect(blockLoss).toBe(loss);
    expect(Array.from(blocked.weights)).toEqual(Array.from(one.weights));
    expect(blocked.bias).toBe(one.bias);
    logits.forEach((z, k) => close(z, c.logits[k]!));
  });

  it('checkpoints its state: a restored optimizer continues identically', () => {
    const half = rows.length / 2;
    const a = createSparseModel(fixture.dimension);
    const optA = createOptimizer(c.optimizer as OptimizerConfig, options, fixture.dimension);
    for (let k = 0; k < half; k++) learnSparse(a, optA, rows[k]!, labels[k]!);
    const saved = JSON.parse(JSON.stringify(optA.state())) as ReturnType<typeof optA.state>;
    const b = { ...a, weights: Float64Array.from(a.weights) };
    const optB = createOptimizer(c.optimizer as OptimizerConfig, options, fixture.dimension);
    optB.restore(saved);
    for (let k = half; k < rows.length; k++) {
      learnSparse(a, optA, rows[k]!, labels[k]!);
      learnSparse(b, optB, rows[k]!, labels[k]!);
    }
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    expect(b.bias).toBe(a.bias);
  });
});

describe('sparse updates', () => {
  it('touch only the active weights when there is no L2', () => {
    for (const kind of ['sgd', 'adagrad', 'ftrl'] as const) {
      const model = createSparseModel(1000);
      model.weights.fill(0.25);
      const opt = createOptimizer({ kind }, { schedule: { kind: 'constant', lr: 0.1 } }, 1000);
      learnSparse(model, opt, { indices: Int32Array.of(3, 700), values: Float64Array.of(1, 2), nnz: 2 }, 1);
      const changed = Array.from(model.weights).flatMap((w, i) => (w === 0.25 ? [] : [i]));
      expect(changed, kind).toEqual([3, 700]);
    }
  });

  it('refuses a step that would overflow and keeps the model', () => {
    const model = createSparseModel(4);
    const opt = createOptimizer({ kind: 'sgd' }, { schedule: { kind: 'constant', lr: 1e300 } }, 4);
    learnSparse(model, opt, { indices: Int32Array.of(1), values: Float64Array.of(1e300), nnz: 1 }, 1);
    expect(model.refused).toBe(1);
    expect(Array.from(model.weights)).toEqual([0, 0, 0, 0]);
    expect(model.bias).toBe(0);
  });

  it('handles a decay of exactly 0 (μλ = 1) as the eager rule does', () => {
    const model = createSparseModel(3);
    model.weights.fill(5);
    const opt = createOptimizer({ kind: 'sgd' }, { schedule: { kind: 'constant', lr: 0.5 }, l2: 2 }, 3);
    learnSparse(model, opt, { indices: Int32Array.of(1), values: Float64Array.of(2), nnz: 1 }, 0);
    // w ← (1 − 1)·w − 0.5·g·x with g = σ(10) − 0
    const g = 1 / (1 + Math.exp(-10));
    expect([0, 1, 2].map((i) => sparseWeight(model, i))).toEqual([0, -0.5 * g * 2, 0]);
  });

  it('rejects bad options with the field named', () => {
    expect(() => createOptimizer({ kind: 'ftrl' }, { schedule: { kind: 'inverse-scaling', lr: 0.1, decay: 1 } }, 4)).toThrow(/constant schedule/);
    expect(() => createOptimizer({ kind: 'ftrl', l1: -1 }, { schedule: { kind: 'constant', lr: 0.1 } }, 4)).toThrow(/l1/);
    expect(() => createOptimizer({ kind: 'sgd' }, { schedule: { kind: 'constant', lr: 0.1 }, l2: -1 }, 4)).toThrow(/l2/);
    expect(() => createOptimizer({ kind: 'adagrad', epsilon: NaN }, { schedule: { kind: 'constant', lr: 0.1 } }, 4)).toThrow(/epsilon/);
    expect(() => createOptimizer({ kind: 'nope' } as never, { schedule: { kind: 'constant', lr: 0.1 } }, 4)).toThrow(/unknown optimizer/);
  });
});

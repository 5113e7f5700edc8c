import { describe, expect, it } from 'vitest';
import {
  createModel,
  fitBatch,
  learnMany,
  lossSurface,
  meanLoss,
  predictClass,
  type Label,
  type Sample,
  type UpdateOptions,
} from '../../src/core/index.js';
import { tutorialDataset } from '../../src/data/tutorial-dataset.js';
import fixture from '../fixtures/tutorial.json' with { type: 'json' };

/** The tutorial's gradient sums over samples (`(nn(x, w) - t).T * x`) with μ = 0.05. */
const TUTORIAL_UPDATE: UpdateOptions = { schedule: { kind: 'constant', lr: 0.05 }, reduction: 'sum' };
const ITERATIONS = fixture.weights.length - 1; // 10

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

const fromFixture: Sample[] = fixture.X.map((x, i) => ({ x, t: fixture.t[i] as Label }));
const fromOurGenerator: Sample[] = tutorialDataset().samples;

describe.each([
  ['the fixture X (NumPy)', fromFixture],
  ['tutorialDataset() (our NumPy-compatible generator)', fromOurGenerator],
])('tutorial parity with %s', (_source, samples) => {
  it('has the tutorial labels', () => {
    expect(samples.map((s) => s.t)).toEqual(fixture.t);
  });

  it('takes the same 10 gradient-descent steps from w = (-4, -2), loss at each w(k) to 1e-9', () => {
    const model = createModel({ inputs: 2, bias: false, init: fixture.weights[0]! });
    const weights: number[][] = [Array.from(model.weights)];
    const losses: number[] = [];
    for (let k = 0; k < ITERATIONS; k++) {
      losses.push(meanLoss(model, samples));
      expect(learnMany(model, samples, TUTORIAL_UPDATE)).toBeCloseTo(losses[k]!, 12);
      weights.push(Array.from(model.weights));
    }
    losses.push(meanLoss(model, samples));
    expect(model.updates).toBe(ITERATIONS);
    expect(model.bias).toBe(0);
    weights.forEach((w, k) => expect(maxAbsDiff(w, fixture.weights[k]!), `w(${k})`).toBeLessThanOrEqual(1e-9));
    expect(maxAbsDiff(losses, fixture.loss)).toBeLessThanOrEqual(1e-9);
    // Against the 50-digit reference our stable loss is at least as close.
    expect(maxAbsDiff(losses, fixture.lossExact)).toBeLessThanOrEqual(1e-12);
  });

  it('fitBatch reports the loss before each pass and lands on w(10)', () => {
    const model = createModel({ inputs: 2, bias: false, init: [-4, -2] });
    const losses = fitBatch(model, samples, { ...TUTORIAL_UPDATE, epochs: ITERATIONS });
    expect(maxAbsDiff(losses, fixture.loss.slice(0, ITERATIONS))).toBeLessThanOrEqual(1e-9);
    expect(maxAbsDiff(model.weights, fixture.weights[ITERATIONS]!)).toBeLessThanOrEqual(1e-9);
  });

  it('misclassifies as many blue circles and red stars as NumPy (2 and 4, as the tutorial says)', () => {
    const model = createModel({ inputs: 2, bias: false, init: [-4, -2] });
    fitBatch(model, samples, { ...TUTORIAL_UPDATE, epochs: ITERATIONS });
    const predicted = samples.map((s) => predictClass(model, s.x));
    const blueAsRed = samples.filter((s, i) => s.t === 1 && predicted[i] === 0).length;
    const redAsBlue = samples.filter((s, i) => s.t === 0 && predicted[i] === 1).length;
    expect({ blueAsRed, redAsBlue }).toEqual(fixture.misclassified);
    expect(fixture.misclassified).toEqual({ blueAsRed: 2, redAsBlue: 4 });
  });

  it('computes the 100×100 loss surface over linspace(-5, 5, 100) to 1e-9', () => {
    const surface = lossSurface(samples, { w1: [-5, 5, 100], w2: [-5, 5, 100] });
    expect(maxAbsDiff(surface.w1, fixture.lossSurface.w1)).toBeLessThanOrEqual(1e-15);
    expect(maxAbsDiff(surface.w2, fixture.lossSurface.w2)).toBeLessThanOrEqual(1e-15);
    // Both are row-major with rows over w2 and columns over w1:
    // ours loss[j*100 + i] at (w1[i], w2[j]); NumPy's loss_ws[i, j] at (wsa[j], wsb[i]).
    expect(maxAbsDiff(surface.loss, fixture.lossSurface.loss)).toBeLessThanOrEqual(1e-9);
    expect(maxAbsDiff(surface.loss, fixture.lossSurface.lossExact)).toBeLessThanOrEqual(1e-12);
    // The layout is not symmetric, so a transposed surface would fail: check one off-diagonal cell.
    const probe = createModel({ inputs: 2, init: [fixture.lossSurface.w1[90]!, fixture.lossSurface.w2[10]!] });
    expect(surface.loss[10 * 100 + 90]).toBeCloseTo(meanLoss(probe, samples), 12);
    expect(Math.abs(surface.loss[10 * 100 + 90]! - surface.loss[90 * 100 + 10]!)).toBeGreaterThan(1);
  });
});

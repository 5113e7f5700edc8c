import { describe, expect, it } from 'vitest';
import { classificationPlane, createModel, lossSurface } from '../../src/core/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { ViewMessage } from '../../src/server/protocol.js';
import { axisAround, computeView } from '../../src/server/view.js';

const samples = gaussianClasses({ seed: 'view', perClass: 200, order: 'shuffled' });

describe('computeView', () => {
  const input = { samples, weights: [1.2, -0.4], bias: 0.3, path: [[0, 0], [0.5, -0.1], [1, -0.3]], version: 9, n: 400 };
  const view = computeView(input, { gridSize: 20, maxSamples: 50 });

  it('is a valid view message with the most recent samples', () => {
    expect(ViewMessage.safeParse(view).success).toBe(true);
    expect(view).toMatchObject({ type: 'view', version: 9, n: 400 });
    expect(view.samples).toHaveLength(50);
    expect(view.samples.at(-1)!.t).toBe(samples.at(-1)!.t);
    expect(view.samples.at(-1)!.x[0]).toBeCloseTo(samples.at(-1)!.x[0]!, 4);
  });

  it('draws the loss surface around the whole path, with the bias held', () => {
    const { w1, w2, loss } = view.surface!;
    for (const [a, b] of [...input.path, input.weights]) {
      expect(a).toBeGreaterThanOrEqual(w1[0]);
      expect(a).toBeLessThanOrEqual(w1[1]);
      expect(b).toBeGreaterThanOrEqual(w2[0]);
      expect(b).toBeLessThanOrEqual(w2[1]);
    }
    const exact = lossSurface(samples, { w1, w2 }, { bias: 0.3 });
    expect(loss).toHaveLength(400);
    loss.forEach((v, i) => expect(v).toBeCloseTo(exact.loss[i]!, 3));
  });

  it('draws the decision plane of the current model over the samples', () => {
    const { x1, x2, proba } = view.plane!;
    const model = createModel({ inputs: 2, bias: true, init: [1.2, -0.4], initBias: 0.3 });
    const exact = classificationPlane(model, { x1, x2 });
    proba.forEach((v, i) => expect(v).toBeCloseTo(exact.proba[i]!, 4));
    const xs = samples.map((s) => s.x[0]!);
    expect(x1[0]).toBeLessThanOrEqual(Math.min(...xs));
    expect(x1[1]).toBeGreaterThanOrEqual(Math.max(...xs));
  });

  it('has no surface or plane without samples or with one input', () => {
    expect(computeView({ ...input, samples: [] })).toMatchObject({ surface: null, plane: null, samples: [] });
    const one = computeView({ ...input, weights: [1], samples: [{ x: [1], t: 1 }], path: [] });
    expect(one).toMatchObject({ surface: null, plane: null });
  });
});

describe('axisAround', () => {
  it('covers the values with a margin, snapped to round ends', () => {
    const path = { minMargin: 1, fraction: 0.25 };
    expect(axisAround([0.2, 1.7], path, 40)).toEqual([-0.8, 2.8, 40]);
    expect(axisAround([], { minMargin: 2, fraction: 0 }, 10)).toEqual([-2, 2, 10]);
    expect(axisAround([-4.3, 4.4, NaN], { minMargin: 0.5, fraction: 0.05 }, 40)).toEqual([-5, 5, 40]);
    expect(axisAround([0.11, 0.13], { minMargin: 0.01, fraction: 0 }, 3)).toEqual([0.1, 0.14, 3]);
    const [lo, hi] = axisAround([-37, 120], path, 5);
    expect(lo).toBeLessThanOrEqual(-37 - 39);
    expect(hi).toBeGreaterThanOrEqual(120 + 39);
    expect(hi - lo).toBeLessThan(1.2 * (157 + 2 * 39.25));
  });
});

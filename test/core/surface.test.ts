import { describe, expect, it } from 'vitest';
import { linspace } from '../../src/core/linspace.js';
import { meanLoss } from '../../src/core/loss.js';
import { createModel, predictProba } from '../../src/core/model.js';
import { classificationPlane, lossSurface } from '../../src/core/surface.js';
import type { Sample } from '../../src/core/sample.js';

const samples: Sample[] = [
  { x: [1, 2], t: 1 },
  { x: [-1, 0.5], t: 0 },
  { x: [0.3, -2], t: 1 },
  { x: [-2, -1], t: 0 },
];

describe('linspace', () => {
  it('matches numpy: ends exact, evenly spaced', () => {
    const l = linspace(-5, 5, 100);
    expect(l[0]).toBe(-5);
    expect(l[99]).toBe(5);
    expect(l[1]).toBe(1 * (10 / 99) + -5);
    expect(() => linspace(0, 1, 0)).toThrow(/count/);
  });
});

describe('lossSurface', () => {
  it('equals the mean loss of a model at each grid point, row-major with w1 fastest', () => {
    const s = lossSurface(samples, { w1: [-3, 3, 7], w2: [-2, 2, 5] });
    expect(s.loss).toHaveLength(35);
    for (let j = 0; j < 5; j++) {
      for (let i = 0; i < 7; i++) {
        const m = createModel({ inputs: 2, init: [s.w1[i]!, s.w2[j]!] });
        expect(s.loss[j * 7 + i]).toBeCloseTo(meanLoss(m, samples), 12);
      }
    }
  });

  it('holds the bias and further weights at the base', () => {
    const wide: Sample[] = samples.map((s, k) => ({ x: [...s.x, k - 1.5], t: s.t }));
    const s = lossSurface(wide, { w1: [0, 1, 2], w2: [0, 1, 2] }, { weights: [0.7], bias: -0.3 });
    const m = createModel({ inputs: 3, init: [1, 0, 0.7], bias: true, initBias: -0.3 });
    expect(s.loss[1]).toBeCloseTo(meanLoss(m, wide), 12);
  });
});

describe('classificationPlane', () => {
  it('gives the probability at each grid point', () => {
    const m = createModel({ inputs: 2, init: [1.5, -0.5], bias: true, initBias: 0.25 });
    const p = classificationPlane(m, { x1: [-4, 4, 9], x2: [-4, 4, 5] });
    expect(p.proba).toHaveLength(45);
    expect(p.proba[2 * 9 + 3]).toBe(predictProba(m, [p.x1[3]!, p.x2[2]!]));
  });
});

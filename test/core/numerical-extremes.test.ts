import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { learnMany, learnOne } from '../../src/core/learn.js';
import { meanLoss } from '../../src/core/loss.js';
import { createModel, logit, predictProba } from '../../src/core/model.js';
import type { LogisticModel } from '../../src/core/model.js';
import type { Sample } from '../../src/core/sample.js';

/** A seeded mix of ordinary and extreme magnitudes, both signs. */
function extremeValue(rng: () => number): number {
  const magnitudes = [0, 1e-300, 1e-12, 1, 3, 1e6, 1e100, 1e200, 1e300, Number.MAX_VALUE];
  const m = magnitudes[Math.floor(rng() * magnitudes.length)]!;
  return (rng() < 0.5 ? -1 : 1) * m * (0.5 + rng() * 0.5);
}

function finiteModel(m: LogisticModel): boolean {
  return m.weights.every(Number.isFinite) && Number.isFinite(m.bias);
}

describe('numerical extremes', () => {
  it('logit saturates with the right sign instead of overflowing', () => {
    const m = createModel({ inputs: 2, init: [1e300, -1e300] });
    expect(logit(m, [1e300, 1])).toBe(Number.MAX_VALUE);
    expect(logit(m, [-1e300, 1])).toBe(-Number.MAX_VALUE);
    // Infinity − Infinity in the plain sum: the scaled sum finds the true sign.
    expect(logit(m, [1e300, 0.5e300])).toBe(Number.MAX_VALUE);
    expect(logit(m, [0.5e300, 1e300])).toBe(-Number.MAX_VALUE);
  });

  it('no NaN or Infinity reaches weights, loss or probabilities (seeded property test)', () => {
    const rng = seedrandom('extremes');
    const rates = [1e-12, 1e-6, 0.05, 1, 10, 1e3];
    for (let run = 0; run < 200; run++) {
      const d = 1 + Math.floor(rng() * 4);
      const bias = rng() < 0.5;
      const m = createModel({ inputs: d, bias });
      const lr = rates[Math.floor(rng() * rates.length)]!;
      const l2 = rng() < 0.3 ? rng() * 10 : 0;
      const mode = rng() < 0.5 ? 'one' : 'many';
      const samples: Sample[] = Array.from({ length: 50 }, () => ({
        x: Array.from({ length: d }, () => extremeValue(rng)),
        t: rng() < 0.5 ? 0 : 1,
      }));
      const options = { schedule: { kind: 'constant', lr } as const, l2 };
      for (let k = 0; k < samples.length; k += 5) {
        const losses = mode === 'one'
          ? samples.slice(k, k + 5).map((s) => learnOne(m, s, options))
          : [learnMany(m, samples.slice(k, k + 5), options)];
        for (const l of losses) {
          expect(Number.isFinite(l), `loss ${l} (lr ${lr}, run ${run})`).toBe(true);
          expect(l).toBeGreaterThanOrEqual(0);
        }
        expect(finiteModel(m), `weights ${Array.from(m.weights)} (lr ${lr}, run ${run})`).toBe(true);
      }
      const p = predictProba(m, samples[0]!.x);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(Number.isFinite(meanLoss(m, samples))).toBe(true);
      expect(m.seen).toBe(50);
      expect(m.updates + m.refused).toBe(mode === 'one' ? 50 : 10);
    }
  });

  it('drives weights to huge values on an all-one-class stream and stays finite', () => {
    const m = createModel({ inputs: 2, bias: true });
    const s: Sample = { x: [1e300, 1e300], t: 1 };
    for (let k = 0; k < 1000; k++) expect(Number.isFinite(learnOne(m, s, { schedule: { kind: 'constant', lr: 1e3 } }))).toBe(true);
    expect(finiteModel(m)).toBe(true);
    expect(predictProba(m, s.x)).toBe(1);
    expect(m.weights[0]).toBeGreaterThan(1e300);
  });
});

import { describe, expect, it } from 'vitest';
import { ScoringStepper } from '../../src/core/scoring-stepper.js';
import { blockFromSamples, createModel, learnMany, learnOne, predictClass, ProgressiveMetrics } from '../../src/core/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';

const update = { schedule: { kind: 'constant', lr: 0.2 } } as const;
const samples = gaussianClasses({ seed: 'stepper', count: 96 });

describe('ScoringStepper', () => {
  it('per sample: the core learnOne loss and weights, scored before each step', () => {
    const core = createModel({ inputs: 2, bias: true });
    const model = createModel({ inputs: 2, bias: true });
    const metrics = new ProgressiveMetrics(10);
    const stepper = new ScoringStepper(model, update, metrics);
    let correct = 0;
    for (const s of samples) {
      if (predictClass(core, s.x) === s.t) correct++;
      expect(stepper.sample(s.x, 0, s.t)).toBe(learnOne(core, s, update));
    }
    expect(Array.from(model.weights)).toEqual(Array.from(core.weights));
    expect(model.bias).toBe(core.bias);
    expect(metrics.get().accuracy).toBe(correct / samples.length);
  });

  it('per batch of rows or of samples: the core learnMany step, NaN for no rows', () => {
    const core = createModel({ inputs: 2, bias: true });
    const byRows = new ScoringStepper(createModel({ inputs: 2, bias: true }), update, new ProgressiveMetrics());
    const bySamples = new ScoringStepper(createModel({ inputs: 2, bias: true }), update, new ProgressiveMetrics());
    const block = blockFromSamples(samples);
    for (let r = 0; r < samples.length; r += 32) {
      const want = learnMany(core, samples.slice(r, r + 32), update);
      expect(byRows.rows(block.x, block.t, r, r + 32)).toBe(want);
      expect(bySamples.samples(samples.slice(r, r + 32))).toBe(want);
    }
    expect(Array.from(byRows.model.weights)).toEqual(Array.from(core.weights));
    expect(Array.from(bySamples.model.weights)).toEqual(Array.from(core.weights));
    expect(byRows.rows(block.x, block.t, 5, 5)).toBeNaN();
    expect(byRows.metrics.n).toBe(96);
  });
});

import { describe, expect, it } from 'vitest';
import * as rxlogit from '../src/index.js';

describe('the package entry point', () => {
  it('names the learner, its sources and the operators (the other layers have entry points of their own)', () => {
    for (const name of ['OnlineLearner', 'learnEach', 'learnBatches', 'validateSamples', 'gaussianSamples', 'fromEmitter', 'samplePusher']) {
      expect(rxlogit, name).toHaveProperty(name);
    }
    for (const name of ['startServer', 'runCli', 'createModel']) expect(rxlogit, name).not.toHaveProperty(name);
  });

  it('runs the example of its documentation', async () => {
    const { OnlineLearner, gaussianSamples } = rxlogit;
    const learner = new OnlineLearner({ inputs: 2, emitEvery: { samples: 1000 } });
    const losses: number[] = [];
    learner.loss$.subscribe((loss) => losses.push(loss));
    learner.learnFrom(gaussianSamples({ seed: 1, count: 10_000 }), { trusted: true, endWithSource: true });
    await new Promise<void>((resolve) => learner.steps$.subscribe({ complete: resolve }));
    expect(learner.currentStep().n).toBe(10_000);
    expect(losses.length).toBeGreaterThanOrEqual(10);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});

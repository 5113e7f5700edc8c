import { describe, expect, it } from 'vitest';
import * as rxlogit from '../src/index.js';

describe('the package entry point', () => {
  it('names the main API of every layer', () => {
    for (const name of ['createModel', 'learnOne', 'lossSurface', 'tutorialDataset', 'NumpyRandomState', 'readSamples', 'saveModel', 'OnlineLearner', 'learnEach', 'gaussianSamples', 'startServer', 'parseClientMessage', 'runCli']) {
      expect(rxlogit, name).toHaveProperty(name);
    }
  });

  it('runs the example of its documentation', async () => {
    const { OnlineLearner, gaussianSamples } = rxlogit;
    const learner = new OnlineLearner({ inputs: 2, emitEvery: { samples: 1000 } });
    const losses: number[] = [];
    learner.loss$.subscribe((loss) => losses.push(loss));
    learner.learnFrom(gaussianSamples({ seed: 1, count: 10_000 }), { trusted: true });
    await new Promise<void>((resolve) => learner.steps$.subscribe({ complete: resolve }));
    expect(learner.currentStep().n).toBe(10_000);
    expect(losses.length).toBeGreaterThanOrEqual(10);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});

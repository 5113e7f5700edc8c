import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { checkLearnerConfig, learnerConfigToJson, LearnerConfigSchema } from '../../src/stream/learner-config.js';

describe('learner configuration', () => {
  it('accepts a full configuration and names every bad field', () => {
    const config = { inputs: 3, bias: false, mode: 'minibatch', batchSize: 16, batchWindowMs: 50, schedule: { kind: 'inverse-power', lr: 0.1, power: 0.5 }, l2: 0.01, reduction: 'sum', init: [1, 2, 3], initBias: 0, emitEvery: { samples: 10, ms: 5 }, rollingWindow: 100, recentSamples: 0, checkpoint: { path: 'x.json', everySamples: 5, everyMs: 1000, onSignals: false } } as const;
    expect(checkLearnerConfig(config)).toBe(config);
    expect(() => checkLearnerConfig({ inputs: 2, batchSize: 1.5, emitEvery: { samples: 0 } })).toThrow(/batchSize.*; emitEvery\.samples/);
    expect(() => checkLearnerConfig({ inputs: 2, colour: 'red' } as never)).toThrow(/learner config: .*colour/);
    expect(() => checkLearnerConfig({ inputs: 2, checkpoint: { path: '' } })).toThrow(/checkpoint\.path/);
  });

  it('saves the JSON part only', () => {
    expect(learnerConfigToJson({ inputs: 2, scheduler: asyncScheduler, emitEvery: { ms: 10 } })).toEqual({ inputs: 2, emitEvery: { ms: 10 } });
    expect(LearnerConfigSchema.safeParse({ inputs: 2, scheduler: {} }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../src/core/index.js';
import type { LearningRateSchedule } from '../../src/core/index.js';
import { rateAt, stepRule } from '../../src/core/step-rule.js';

describe('stepRule', () => {
  it('flattens the update options, with their defaults', () => {
    expect(stepRule({ schedule: { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 } })).toEqual({ kind: 1, lr: 0.5, param: 0.01, l2: 0, mean: true });
    expect(stepRule({ schedule: { kind: 'inverse-power', lr: 2, power: 0.5 }, l2: 0.1, reduction: 'sum' })).toEqual({ kind: 2, lr: 2, param: 0.5, l2: 0.1, mean: false });
    expect(stepRule({ schedule: { kind: 'constant', lr: 0.1 } })).toEqual({ kind: 0, lr: 0.1, param: 0, l2: 0, mean: true });
  });

  it('rateAt gives learningRateAt bit for bit at every step count', () => {
    const schedules: LearningRateSchedule[] = [
      { kind: 'constant', lr: 0.05 },
      { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 },
      { kind: 'inverse-scaling', lr: 1 / 3, decay: 0.7 },
      { kind: 'inverse-power', lr: 2, power: 0.5 },
      { kind: 'inverse-power', lr: 0.1, power: 0.25 },
    ];
    for (const schedule of schedules) {
      const rule = stepRule({ schedule });
      for (let k = 0; k < 5000; k += 7) expect(Object.is(rateAt(rule, k), learningRateAt(schedule, k)), `${schedule.kind} at ${k}`).toBe(true);
    }
  });
});

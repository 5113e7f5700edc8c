import { describe, expect, it } from 'vitest';
import { learningRateAt, validateSchedule } from '../../src/core/learning-rate-schedule.js';

describe('learningRateAt', () => {
  it('is constant', () => {
    expect(learningRateAt({ kind: 'constant', lr: 0.05 }, 1000)).toBe(0.05);
  });
  it('scales inversely: lr / (1 + decay·k)', () => {
    const s = { kind: 'inverse-scaling', lr: 0.1, decay: 0.5 } as const;
    expect(learningRateAt(s, 0)).toBe(0.1);
    expect(learningRateAt(s, 2)).toBeCloseTo(0.05, 15);
  });
  it('decays by a power: lr / (k + 1)^power', () => {
    const s = { kind: 'inverse-power', lr: 1, power: 0.5 } as const;
    expect(learningRateAt(s, 0)).toBe(1);
    expect(learningRateAt(s, 3)).toBe(0.5);
  });
});

describe('validateSchedule', () => {
  it('names the bad field', () => {
    expect(() => validateSchedule({ kind: 'constant', lr: NaN })).toThrow(/lr must be a finite number/);
    expect(() => validateSchedule({ kind: 'inverse-scaling', lr: 1, decay: -1 })).toThrow(/decay/);
    expect(() => validateSchedule({ kind: 'bogus', lr: 1 } as never)).toThrow(/unknown schedule kind/);
  });
});

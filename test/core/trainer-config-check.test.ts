import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { configIssues } from '../../src/core/trainer-config-check.js';
import { describeIssues, TrainerConfigSchema } from '../../src/core/trainer-config-schema.js';

const VALUES: readonly unknown[] = [
  undefined, null, 0, -0, 1, 2, 64, -1, 0.5, 1.5, -1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 60), 2 ** 60,
  '1', '', true, false, [], [1, 2], {}, 'sample', 'minibatch', 'batch', 'mean', 'sum', 'max',
];
const SCHEDULES: readonly unknown[] = [
  { kind: 'constant', lr: 0.1 }, { kind: 'constant', lr: -1 }, { kind: 'constant', lr: NaN }, { kind: 'constant' },
  { kind: 'constant', lr: 1, decay: 1 }, { kind: 'constant', lr: 1, a: 1, b: 2 }, { kind: 'constant', lr: 'x', z: 0 },
  { kind: 'inverse-scaling', lr: 1, decay: 0.1 }, { kind: 'inverse-scaling', lr: 1 }, { kind: 'inverse-scaling', lr: -1, decay: -1 },
  { kind: 'inverse-power', lr: 1, power: 0.5 }, { kind: 'inverse-power', lr: 1, power: Infinity, decay: 2 },
  { kind: 'nope' }, { lr: 1 }, { kind: 1 }, { kind: 'toString' }, null, 'x', [], 3,
];
const FIELDS = ['inputs', 'bias', 'mode', 'batchSize', 'schedule', 'l2', 'reduction', 'init', 'initBias', 'rollingWindow'];

/** What zod says of a config, in the core's words. */
function zodIssues(config: Record<string, unknown>): string | undefined {
  const r = TrainerConfigSchema.safeParse(config);
  return r.success ? undefined : describeIssues(r.error.issues);
}

describe('configIssues ≡ TrainerConfigSchema', () => {
  it('gives the same verdict and words for every value of every field', () => {
    const mismatches: string[] = [];
    for (const field of FIELDS) {
      const values = field === 'schedule' ? [...SCHEDULES, ...VALUES] : field === 'init' ? [...VALUES, [1, NaN], [1, 'a', Infinity], [0.5]] : VALUES;
      for (const value of values) {
        const config: Record<string, unknown> = { inputs: 2, [field]: value };
        if (value === undefined) delete config[field];
        const expected = zodIssues(config);
        const got = configIssues(config);
        if (got !== expected) mismatches.push(`${field} = ${String(value)} ${JSON.stringify(value)}: zod ${expected}, by hand ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('agrees on 5 000 random configurations with several fields set', () => {
    const rng = seedrandom('trainer-config-check');
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
    const mismatches: string[] = [];
    let valid = 0;
    for (let k = 0; k < 5_000; k++) {
      const config: Record<string, unknown> = {};
      for (const field of FIELDS) {
        if (field !== 'inputs' && rng() < 0.6) continue;
        const value = field === 'schedule' ? pick(SCHEDULES) : rng() < 0.5 ? pick(VALUES) : pick(typical[field]!);
        if (value !== undefined) config[field] = value;
      }
      const expected = zodIssues(config);
      if (expected === undefined) valid++;
      if (configIssues(config) !== expected) mismatches.push(`${JSON.stringify(config)}: zod ${expected}, by hand ${configIssues(config)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(valid).toBeGreaterThan(100);
  });
});

const typical: Record<string, readonly unknown[]> = {
  inputs: [1, 2, 3],
  bias: [true, false],
  mode: ['sample', 'minibatch', 'batch'],
  batchSize: [1, 32],
  l2: [0, 0.01],
  reduction: ['mean', 'sum'],
  init: [[0, 1], [0.5]],
  initBias: [0, -0.5],
  rollingWindow: [1, 500],
};

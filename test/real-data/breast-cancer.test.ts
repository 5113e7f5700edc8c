import { describe, expect, it } from 'vitest';
import baseline from '../fixtures/breast-cancer/baseline.json' with { type: 'json' };
import { breastCancerRows, progressiveRun } from './breast-cancer.js';

const rows = breastCancerRows();

describe("scikit-learn's breast-cancer data, one progressive pass in file order, default settings", () => {
  it('reads the 569 samples with their 30 named features', () => {
    expect(rows).toHaveLength(baseline.samples);
    expect(Object.keys(rows[0]!.features)).toHaveLength(30);
    expect(rows.filter((r) => r.t === 1)).toHaveLength(357);
  });

  it.each([
    ['sgd (the default)', {}],
    ['adagrad', { optimizer: { kind: 'adagrad' } } as const],
    ['ftrl', { optimizer: { kind: 'ftrl' } } as const],
  ])('%s with standardisation is at least as accurate as StandardScaler + SGDClassifier, with no greater log loss', (_name, options) => {
    const run = progressiveRun(rows, options);
    expect(run.accuracy).toBeGreaterThanOrEqual(baseline.accuracy);
    expect(run.logLoss).toBeLessThanOrEqual(baseline.logLoss);
    expect(run.auc).toBeGreaterThan(0.97);
  });

  it('needs the standardisation: raw numbers spanning five orders of magnitude do worse than the baseline', () => {
    const run = progressiveRun(rows, { standardize: false });
    expect(run.accuracy).toBeLessThan(baseline.accuracy);
  });
});

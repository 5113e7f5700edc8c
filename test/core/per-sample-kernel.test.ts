import { describe, expect, it } from 'vitest';
import { cloneModel } from '../../src/core/index.js';
import { caseTrainer, expectSameBits, expectSameModel, expectSameScores, kernelCases, learnOneReference } from './kernel-cases.js';

const WIDTHS = [1, 2, 3, 4, 5, 6, 17];

describe('the per-sample block kernel', () => {
  it.each(WIDTHS)('width %i: a block split at every boundary = the learnOne loop, bit for bit (refused steps, |z| > 37, overflow, L2, bias off)', (width) => {
    const rows = 40;
    let refused = 0;
    let saturated = 0;
    let far = 0;
    for (const c of kernelCases(width, rows, 'per-sample')) {
      const want = learnOneReference(c, rows);
      refused += want.model.refused;
      saturated += want.saturated;
      far += want.far;
      for (let cut = 0; cut <= rows; cut++) {
        const t = caseTrainer(c, rows);
        t.learnBlock(c.block, 0, cut);
        t.learnBlock(c.block, cut, rows);
        const what = `${c.name}, cut at ${cut}`;
        expectSameModel(t.model, want.model, what);
        expectSameScores(t.metrics, want.metrics, what);
        expectSameBits([t.lastLoss!], [want.losses.at(-1)!], `${what}: last loss`);
        expect(t.version).toBe(rows);
      }
    }
    // The cases reach every branch of the step.
    expect(refused).toBeGreaterThan(0);
    expect(saturated).toBeGreaterThan(0);
    expect(far).toBeGreaterThan(0);
  });

  it.each(WIDTHS)('width %i: long blocks across the score buffer, after samples learned one by one', (width) => {
    const rows = 700;
    for (const c of kernelCases(width, rows, 'long')) {
      const want = learnOneReference(c, 300);
      const t = caseTrainer(c, 300);
      t.learnOne(c.samples[0]!);
      t.learnOne(c.samples[1]!);
      for (const [from, to] of [[2, 255], [255, 256], [256, 513], [513, 700]] as const) t.learnBlock(c.block, from, to);
      expectSameModel(t.model, want.model, c.name);
      expectSameScores(t.metrics, want.metrics, c.name);
      expect(t.metrics.get()).toEqual(want.metrics.get());
    }
  });

  it('the comparison sees one ulp', () => {
    const c = kernelCases(2, 10, 'ulp')[0]!;
    const want = learnOneReference(c, 10).model;
    const nudged = cloneModel(want);
    nudged.weights[1] = nudged.weights[1]! + Math.abs(nudged.weights[1]!) * Number.EPSILON;
    expect(nudged.weights[1]).not.toBe(want.weights[1]);
    expect(() => expectSameModel(nudged, want, 'nudged')).toThrow();
  });
});

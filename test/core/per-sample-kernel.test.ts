import { describe, expect, it } from 'vitest';
import { classOfLogit, cloneModel, createModel, learnOne, logit, ProgressiveMetrics, Trainer } from '../../src/core/index.js';
import type { LogisticModel } from '../../src/core/index.js';
import type { KernelCase } from './kernel-cases.js';
import { expectSameBits, expectSameModel, kernelCases } from './kernel-cases.js';

const WIDTHS = [1, 2, 3, 4, 5, 6, 17];

/** The reference: the core's learnOne row by row, each row scored first, as the trainer did before its kernels. */
function reference(c: KernelCase, window: number): { model: LogisticModel; metrics: ProgressiveMetrics; losses: number[]; saturated: number; far: number } {
  const model = createModel({ inputs: c.block.width, bias: c.bias });
  const metrics = new ProgressiveMetrics(window);
  const losses: number[] = [];
  let saturated = 0;
  let far = 0;
  for (const s of c.samples) {
    const z = logit(model, s.x);
    if (Math.abs(z) === Number.MAX_VALUE) saturated++;
    if (Math.abs(z) > 37) far++;
    const loss = learnOne(model, s, { schedule: c.schedule, l2: c.l2 });
    metrics.record(loss, classOfLogit(z) === s.t);
    losses.push(loss);
  }
  return { model, metrics, losses, saturated, far };
}

function trainer(c: KernelCase, window: number): Trainer {
  return new Trainer({ inputs: c.block.width, bias: c.bias, schedule: c.schedule, l2: c.l2, rollingWindow: window });
}

function expectSameScores(got: ProgressiveMetrics, want: ProgressiveMetrics, what: string): void {
  const g = got.save();
  const w = want.save();
  expectSameBits([g.n, g.lossSum, g.lossScale, g.correct], [w.n, w.lossSum, w.lossScale, w.correct], `${what}: n, loss sum, scale, correct`);
  expectSameBits(g.recentLosses, w.recentLosses, `${what}: each row's loss`);
  expectSameBits(g.recentHits, w.recentHits, `${what}: each row's hit`);
}

describe('the per-sample block kernel', () => {
  it.each(WIDTHS)('width %i: a block split at every boundary = the learnOne loop, bit for bit (refused steps, |z| > 37, overflow, L2, bias off)', (width) => {
    const rows = 40;
    let refused = 0;
    let saturated = 0;
    let far = 0;
    for (const c of kernelCases(width, rows, 'per-sample')) {
      const want = reference(c, rows);
      refused += want.model.refused;
      saturated += want.saturated;
      far += want.far;
      for (let cut = 0; cut <= rows; cut++) {
        const t = trainer(c, rows);
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
      const want = reference(c, 300);
      const t = trainer(c, 300);
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
    const want = reference(c, 10).model;
    const nudged = cloneModel(want);
    nudged.weights[1] = nudged.weights[1]! + Math.abs(nudged.weights[1]!) * Number.EPSILON;
    expect(nudged.weights[1]).not.toBe(want.weights[1]);
    expect(() => expectSameModel(nudged, want, 'nudged')).toThrow();
  });
});

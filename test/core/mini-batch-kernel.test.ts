import { describe, expect, it } from 'vitest';
import { classOfLogit, createModel, learnMany, ProgressiveMetrics, Trainer } from '../../src/core/index.js';
import type { LogisticModel } from '../../src/core/index.js';
import type { KernelCase } from './kernel-cases.js';
import { expectSameBits, expectSameModel, kernelCases } from './kernel-cases.js';

const WIDTHS = [1, 2, 3, 4, 5, 6, 17];

/** The reference: the core's learnMany over consecutive batches of `size`, each row scored first. */
function reference(c: KernelCase, size: number, window: number): { model: LogisticModel; metrics: ProgressiveMetrics; losses: number[] } {
  const model = createModel({ inputs: c.block.width, bias: c.bias });
  const metrics = new ProgressiveMetrics(window);
  const losses: number[] = [];
  const update = { schedule: c.schedule, l2: c.l2, reduction: c.reduction };
  for (let i = 0; i < c.samples.length; i += size) {
    const batch = c.samples.slice(i, i + size);
    const scores = { losses: new Float64Array(batch.length), logits: new Float64Array(batch.length) };
    losses.push(learnMany(model, batch, update, scores));
    batch.forEach((s, k) => metrics.record(scores.losses[k]!, classOfLogit(scores.logits[k]!) === s.t));
  }
  return { model, metrics, losses };
}

function trainer(c: KernelCase, mode: 'minibatch' | 'batch', size: number, window: number): Trainer {
  return new Trainer({ inputs: c.block.width, bias: c.bias, schedule: c.schedule, l2: c.l2, reduction: c.reduction, mode, batchSize: size, rollingWindow: window });
}

function expectSameScores(got: ProgressiveMetrics, want: ProgressiveMetrics, what: string): void {
  const g = got.save();
  const w = want.save();
  expectSameBits([g.n, g.lossSum, g.lossScale, g.correct], [w.n, w.lossSum, w.lossScale, w.correct], `${what}: n, loss sum, scale, correct`);
  expectSameBits(g.recentLosses, w.recentLosses, `${what}: each row's loss`);
  expectSameBits(g.recentHits, w.recentHits, `${what}: each row's hit`);
}

describe('the mini-batch block kernel', () => {
  it.each(WIDTHS)('width %i: batches of 1, 4 and 7 over a block split at every boundary = the learnMany loop, bit for bit', (width) => {
    const rows = 30;
    let refused = 0;
    for (const c of kernelCases(width, rows, 'mini-batch')) {
      for (const size of [1, 4, 7]) {
        const want = reference(c, size, rows);
        refused += want.model.refused;
        for (let cut = 0; cut <= rows; cut++) {
          const t = trainer(c, 'minibatch', size, rows);
          expect(t.batchBlock(c.block, 0, cut) + t.batchBlock(c.block, cut, rows)).toBe(Math.floor(cut / size) + Math.floor(rows / size) - Math.floor(cut / size));
          t.flush();
          const what = `${c.name}, batches of ${size}, cut at ${cut}`;
          expectSameModel(t.model, want.model, what);
          expectSameScores(t.metrics, want.metrics, what);
          expectSameBits([t.lastLoss!], [want.losses.at(-1)!], `${what}: last loss`);
          expect(t.version).toBe(want.losses.length);
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it.each(WIDTHS)('width %i: long blocks across the score buffer, and full-batch passes', (width) => {
    const rows = 700;
    for (const c of kernelCases(width, rows, 'long-batches')) {
      const want = reference(c, 64, 300);
      const t = trainer(c, 'minibatch', 64, 300);
      for (const [from, to] of [[0, 3], [3, 255], [255, 256], [256, 600], [600, 700]] as const) t.batchBlock(c.block, from, to);
      t.flush();
      expectSameModel(t.model, want.model, c.name);
      expectSameScores(t.metrics, want.metrics, c.name);
      const pass = reference(c, rows, 300);
      const full = trainer(c, 'batch', 64, 300);
      expectSameBits([full.learnMany(c.block)], pass.losses, `${c.name}: full batch loss`);
      expectSameModel(full.model, pass.model, `${c.name}: full batch`);
      expectSameScores(full.metrics, pass.metrics, `${c.name}: full batch`);
    }
  });
});

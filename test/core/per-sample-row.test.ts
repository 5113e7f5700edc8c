import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src/core/index.js';
import type { Step } from '../../src/core/index.js';
import type { KernelCase } from './kernel-cases.js';
import { bits, expectSameModel, kernelCases } from './kernel-cases.js';

const WIDTHS = [1, 2, 3, 17];

function trainer(c: KernelCase, window: number): Trainer {
  return new Trainer({ inputs: c.block.width, bias: c.bias, schedule: c.schedule, l2: c.l2, rollingWindow: window });
}

/** A step's numbers as bits, in a fixed order: equal lists mean equal steps, −0 and NaN included. */
function stepBits(s: Step): string[] {
  const m = s.metrics;
  return [s.n, s.loss, ...s.weights, s.bias, s.version, s.lr, m.n, m.logLoss, m.accuracy, m.rollingLogLoss, m.rollingAccuracy, s.time].map((v) => (v === null ? 'null' : bits(v)));
}

describe('the per-sample row (a block learned one row at a time)', () => {
  it.each(WIDTHS)('width %i: a step after every row = the Sample path (learnOne) step for step, bit for bit (refused steps, |z| > 37, overflow, L2, bias off, window ends)', (width) => {
    const rows = 60;
    for (const window of [1, 7, 60]) {
      for (const c of kernelCases(width, rows, 'per-row')) {
        const byRow = trainer(c, window);
        const bySample = trainer(c, window);
        for (let r = 0; r < rows; r++) {
          byRow.learnBlock(c.block, r, r + 1);
          bySample.learnOne(c.samples[r]!);
          const got = byRow.step(r);
          const want = bySample.step(r);
          expect(got).toEqual(want);
          expect(stepBits(got), `${c.name}, window ${window}, row ${r}`).toEqual(stepBits(want));
        }
        expectSameModel(byRow.model, bySample.model, c.name);
        expect(byRow.metrics.save()).toEqual(bySample.metrics.save());
      }
    }
  });

  it('rows learned one at a time between runs, read now and then, end where the block kernel does: model, counts, losses and hits', () => {
    const rows = 700;
    for (const c of kernelCases(2, rows, 'mixed-rows')) {
      const mixed = trainer(c, 300);
      const whole = trainer(c, 300);
      whole.learnBlock(c.block);
      for (let r = 0; r < rows; ) {
        const n = r % 5 === 0 ? 37 : 1;
        mixed.learnBlock(c.block, r, Math.min(rows, r + n));
        if (r % 3 === 0) mixed.metrics.get();
        r += n;
      }
      expectSameModel(mixed.model, whole.model, c.name);
      // The saved scores (counts, loss sum, each row's loss and hit) do not depend on when they were read.
      expect(mixed.metrics.save()).toEqual(whole.metrics.save());
      expect([mixed.lastLoss, mixed.version]).toEqual([whole.lastLoss, whole.version]);
    }
  });
});

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

  it.each(WIDTHS)('width %i: learnBlockWithSteps = learnBlock(r, r + 1) then step(clock.now()) per row, bit for bit, with a subscriber that re-enters the trainer', (width) => {
    const rows = 60;
    for (const window of [1, 7, 60]) {
      for (const c of kernelCases(width, rows, 'with-steps')) {
        const byCall = trainer(c, window);
        const fused = trainer(c, window);
        // Re-entry: a reset, a switched schedule or a sample learned from inside the subscriber's next.
        const reenter = (t: Trainer, s: Step): void => {
          if (s.n === 17) t.reset();
          if (s.version === 30) t.setSchedule({ kind: 'inverse-scaling', lr: 0.3, decay: 0.1 });
          if (s.version === 41) t.learnOne(c.samples[0]!);
        };
        const want: Step[] = [];
        for (let r = 0; r < rows; r++) {
          byCall.learnBlock(c.block, r, r + 1);
          const s = byCall.step(r);
          want.push(s);
          reenter(byCall, s);
        }
        const got: Step[] = [];
        let time = 0;
        const learned = fused.learnBlockWithSteps(c.block, { now: () => time++ }, { closed: false, next: (s) => (got.push(s), reenter(fused, s)) });
        expect(learned).toBe(rows);
        expect(got.map(stepBits), `${c.name}, window ${window}`).toEqual(want.map(stepBits));
        expectSameModel(fused.model, byCall.model, c.name);
        expect(fused.state()).toEqual(byCall.state());
      }
    }
  });

  it('learnBlockWithSteps stops before a row once the sink is closed, checks the width, and hands out copies', () => {
    const c = kernelCases(2, 40, 'closing')[0]!;
    const t = trainer(c, 5);
    const sink = { closed: false, steps: [] as Step[], next(s: Step): void { this.steps.push(s); this.closed = this.steps.length === 3; } };
    expect(t.learnBlockWithSteps(c.block, { now: () => 7 }, sink, 10, 30)).toBe(3);
    expect([t.model.seen, t.version, sink.steps.map((s) => s.n)]).toEqual([3, 3, [1, 2, 3]]);
    sink.steps[2]!.weights[0] = 99;
    sink.steps[2]!.metrics.n = 99;
    expect(t.step(0).weights[0]).not.toBe(99);
    expect(t.step(0).metrics.n).toBe(3);
    expect(() => t.learnBlockWithSteps(kernelCases(3, 2, 'wide')[0]!.block, { now: () => 0 }, sink)).toThrow(RangeError);
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

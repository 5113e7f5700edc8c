import { describe, expect, it } from 'vitest';
import { createModel, learnOne, ProgressiveMetrics, Trainer } from '../../src/core/index.js';
import { ScoringStepper } from '../../src/core/scoring-stepper.js';
import { caseTrainer, expectSameBits, expectSameModel, expectSameScores, kernelCases, learnOneReference } from './kernel-cases.js';

const WIDTHS = [1, 2, 3, 4, 5, 6, 17];

describe('the one-sample step (Trainer.learnOne, learnRange, ScoringStepper.sample)', () => {
  it.each(WIDTHS)('width %i: learnOne sample by sample = the reference learnOne loop, bit for bit (refused steps, |z| > 37, overflow, L2, bias off)', (width) => {
    const rows = 60;
    let refused = 0;
    let saturated = 0;
    let far = 0;
    for (const c of kernelCases(width, rows, 'one-sample')) {
      const want = learnOneReference(c, 25);
      refused += want.model.refused;
      saturated += want.saturated;
      far += want.far;
      const t = caseTrainer(c, 25);
      const losses = c.samples.map((s) => t.learnOne(s));
      expectSameModel(t.model, want.model, c.name);
      expectSameScores(t.metrics, want.metrics, c.name);
      expectSameBits(losses, want.losses, `${c.name}: each loss`);
      expectSameBits([t.lastLoss!], [want.losses.at(-1)!], `${c.name}: last loss`);
      expect(t.version).toBe(rows);
      expect(t.metrics.get()).toEqual(want.metrics.get());
    }
    // The cases reach every branch of the step.
    expect(refused).toBeGreaterThan(0);
    expect(saturated).toBeGreaterThan(0);
    expect(far).toBeGreaterThan(0);
  });

  it.each(WIDTHS)('width %i: learnRange split at every boundary = the reference, bit for bit', (width) => {
    const rows = 30;
    for (const c of kernelCases(width, rows, 'one-range')) {
      const want = learnOneReference(c, rows);
      for (let cut = 0; cut <= rows; cut++) {
        const t = caseTrainer(c, rows);
        t.learnRange(c.samples, 0, cut);
        t.learnRange(c.samples, cut, rows);
        const what = `${c.name}, cut at ${cut}`;
        expectSameModel(t.model, want.model, what);
        expectSameScores(t.metrics, want.metrics, what);
        expectSameBits([t.lastLoss!], [want.losses.at(-1)!], `${what}: last loss`);
        expect(t.version).toBe(rows);
      }
    }
  });

  it.each(WIDTHS)('width %i: ScoringStepper.sample on the rows of a block (a Float64Array at an offset) = the reference, bit for bit', (width) => {
    const rows = 40;
    for (const c of kernelCases(width, rows, 'one-offset')) {
      const want = learnOneReference(c, rows);
      const model = createModel({ inputs: width, bias: c.bias });
      const metrics = new ProgressiveMetrics(rows);
      const stepper = new ScoringStepper(model, { schedule: c.schedule, l2: c.l2 }, metrics);
      const losses: number[] = [];
      for (let r = 0; r < rows; r++) losses.push(stepper.sample(c.block.x, r * width, c.block.t[r] as 0 | 1));
      expectSameModel(model, want.model, c.name);
      expectSameScores(metrics, want.metrics, c.name);
      expectSameBits(losses, want.losses, `${c.name}: each loss`);
    }
  });

  it('number[] and Float64Array inputs through one trainer, mixed with blocks: the same bits as the reference', () => {
    for (const width of [2, 3]) {
      for (const c of kernelCases(width, 48, 'one-mixed')) {
        const want = learnOneReference(c, 16);
        const t = caseTrainer(c, 16);
        for (let r = 0; r < 48; r += 4) {
          t.learnOne(c.samples[r]!);
          t.learnOne({ x: Float64Array.from(c.samples[r + 1]!.x) as unknown as number[], t: c.samples[r + 1]!.t }); // typed arrays come from some callers
          t.learnBlock(c.block, r + 2, r + 4);
        }
        expectSameModel(t.model, want.model, c.name);
        expectSameScores(t.metrics, want.metrics, c.name);
      }
    }
  });

  it('a refused step leaves the weights and bias as they were and counts it (width 2 and width 3)', () => {
    for (const width of [2, 3]) {
      const schedule = { kind: 'constant', lr: 1e300 } as const;
      const init = Array.from({ length: width }, () => 1);
      const sample = { x: Array.from({ length: width }, () => -1e300), t: 1 as const };
      const t = new Trainer({ inputs: width, schedule, init });
      const loss = t.learnOne(sample);
      expect(Array.from(t.model.weights)).toEqual(init);
      expect(t.model.bias).toBe(0);
      expect([t.model.seen, t.model.updates, t.model.refused]).toEqual([1, 0, 1]);
      expect(loss).toBe(width * 1e300); // z = −width·10³⁰⁰
      expect(loss).toBe(learnOne(createModel({ inputs: width, init }), sample, { schedule }));
      expect(t.lastLoss).toBe(loss);
    }
  });

  it('lastLoss: null before the first sample and after a reset, the loss after each sample, kept by restore', () => {
    const t = new Trainer({ inputs: 2, schedule: { kind: 'constant', lr: 0.1 } });
    expect(t.lastLoss).toBeNull();
    const loss = t.learnOne({ x: [1, 2], t: 1 });
    expect(t.lastLoss).toBe(loss);
    expect(t.state().loss).toBe(loss);
    t.reset();
    expect(t.lastLoss).toBeNull();
    expect(t.state().loss).toBeNull();
    t.learnOne({ x: [1, 2], t: 0 });
    const saved = t.state();
    const u = new Trainer({ inputs: 2, schedule: { kind: 'constant', lr: 0.1 } });
    u.restore(saved);
    expect(u.lastLoss).toBe(saved.loss);
    u.restore({ ...saved, loss: null });
    expect(u.lastLoss).toBeNull();
  });
});

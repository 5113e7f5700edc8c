/**
 * The scores of `learnBlockWithSteps`: its per-row loop takes each row's scores itself on the
 * common path (both rings at one slot, the loss into its lane of the rolling sum) and calls
 * `ProgressiveMetrics.record` (then reads the scores) on the rare ones. Every step must equal, bit for bit,
 * `learnBlock(block, r, r + 1)` then `step(now)`, over long streams (many fresh sums of the
 * rolling window), every window size, huge losses (a scaled loss sum, an overflowing rolling sum)
 * and a consumer that resets the trainer, loads a checkpoint or learns rows another way between
 * steps.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Step, Trainer, TrainerState } from '../../src/core/index.js';
import type { KernelCase } from './kernel-cases.js';
import { bits, caseTrainer, expectSameModel, expectSameScores, kernelCases } from './kernel-cases.js';

/** A step's numbers as bits, in a fixed order: equal lists mean equal steps, −0 and NaN included. */
function stepBits(s: Step): string[] {
  const m = s.metrics;
  return [s.n, s.loss, ...s.weights, s.bias, s.version, s.lr, m.n, m.logLoss, m.accuracy, m.rollingLogLoss, m.rollingAccuracy, s.time].map((v) => (v === null ? 'null' : bits(v)));
}

/** What a consumer does from inside a step (the same on both sides): `saved` is the trainer's checkpoint slot. */
type Reentry = (t: Trainer, s: Step, saved: { state?: TrainerState }) => void;

/**
 * Learns the case's rows both ways — per row `learnBlock` + `step`, and `learnBlockWithSteps` over
 * runs of `run` rows — with the same consumer, and expects the same steps, scores read from inside
 * each step (`metrics.get()`), model and saved scores, bit for bit.
 *
 * @returns the fused trainer and how many rows took the rare path (a `record` call)
 */
function compare(c: KernelCase, window: number, run: number, reenter: Reentry): { fused: Trainer; rare: number } {
  const rows = c.block.length;
  const byCall = caseTrainer(c, window);
  const fused = caseTrainer(c, window);
  const rare = vi.spyOn(fused.metrics, 'record');
  const savedByCall: { state?: TrainerState } = {};
  const savedFused: { state?: TrainerState } = {};
  const want: string[][] = [];
  for (let r = 0; r < rows; r++) {
    byCall.learnBlock(c.block, r, r + 1);
    const s = byCall.step(r);
    want.push([...stepBits(s), ...stepBits({ ...s, metrics: byCall.metrics.get() })]);
    reenter(byCall, s, savedByCall);
  }
  const got: string[][] = [];
  let time = 0;
  const sink = { closed: false, next: (s: Step): void => void (got.push([...stepBits(s), ...stepBits({ ...s, metrics: fused.metrics.get() })]), reenter(fused, s, savedFused)) };
  for (let r = 0; r < rows; r += run) expect(fused.learnBlockWithSteps(c.block, { now: () => time++ }, sink, r, Math.min(rows, r + run))).toBe(Math.min(run, rows - r));
  const first = got.length !== rows ? got.length : got.findIndex((g, r) => g.join() !== want[r]!.join());
  if (first >= 0) expect(got[first], `${c.name}, window ${window}, row ${first}`).toEqual(want[first]);
  expectSameModel(fused.model, byCall.model, c.name);
  expectSameScores(fused.metrics, byCall.metrics, `${c.name}, window ${window}`);
  expect(fused.state()).toEqual(byCall.state());
  const calls = rare.mock.calls.length;
  rare.mockRestore();
  return { fused, rare: calls };
}

const WINDOWS = [1, 2, 3, 5, 8, 64, 500];

describe('learnBlockWithSteps scores each row as learnBlock + step would, bit for bit', () => {
  it('over long streams (many fresh sums of every window), huge losses included, mostly without a call', () => {
    const rows = 1200;
    let scaled = 0;
    for (const c of kernelCases(2, rows, 'row-scores-long')) {
      for (const window of WINDOWS) {
        const { fused, rare } = compare(c, window, 1024, () => {});
        if (fused.metrics.save().lossScale > 1) scaled++;
        // Losses that stay ordinary (moderate rates, ordinary inputs) take the rare path only for a
        // fresh sum, once every `window` rows (every row for a window of 1).
        if (c.name.includes('ordinary') && c.schedule.lr <= 2) expect(rare, `${c.name}, window ${window}`).toBe(window === 1 ? rows : Math.floor(rows / window));
      }
    }
    // The extreme cases do overflow the loss sum: the scaled path is taken, and checked.
    expect(scaled).toBeGreaterThan(0);
  });

  it('with a consumer that resets the trainer, loads a checkpoint, reads the scores or learns rows another way between steps', () => {
    const rows = 700;
    for (const c of kernelCases(2, rows, 'row-scores-reentry')) {
      for (const window of [1, 3, 6, 50]) {
        compare(c, window, 333, (t, s, saved) => {
          if (s.version === 40) saved.state = t.state();
          if (s.version === 90) t.reset();
          if (s.version === 150 && saved.state !== undefined) t.restore(saved.state);
          // Rows learned by the block kernel: the rolling sum is behind the ring at the next row.
          if (s.version === 211) t.learnBlock(c.block, 5, 37);
          if (s.version === 300) t.learnOne(c.samples[3]!);
          if (s.version === 400) t.setSchedule({ kind: 'inverse-scaling', lr: 0.2, decay: 0.05 });
          if (s.n % 97 === 0) t.metrics.get();
        });
      }
    }
  });

  it('takes huge losses: a loss sum that has to be scaled and a rolling sum that overflows, then ordinary rows again', () => {
    const c = kernelCases(2, 600, 'row-scores-huge').find((k) => k.name.includes('extreme'))!;
    // Rows whose logit is huge against their label (losses near MAX_VALUE) among ordinary ones.
    const x = c.block.x;
    for (let r = 0; r < 600; r++) {
      if (r % 50 < 3) {
        x[2 * r] = Number.MAX_VALUE * 0.9;
        x[2 * r + 1] = 1;
      }
    }
    for (const window of [1, 2, 5, 8, 100]) {
      const { fused } = compare(c, window, 1024, () => {});
      expect(fused.metrics.save().lossScale, `window ${window}`).toBeGreaterThan(1);
    }
  });

  it('takes a rolling sum that overflows while the loss sum does not (a checkpoint whose window holds huge losses)', () => {
    const c = kernelCases(2, 300, 'row-scores-rolling-overflow').find((k) => k.name.includes('ordinary') && k.schedule.lr <= 2)!;
    for (const window of [3, 8, 13]) {
      // Rows 0 … 19 learned, then a checkpoint of them whose recent losses are near MAX_VALUE: the
      // cumulative sum stays small (unscaled), the rolling sum overflows until they leave the window.
      const source = caseTrainer(c, window);
      source.learnBlock(c.block, 0, 20);
      const state = source.state();
      const saved = { ...state, metrics: { ...state.metrics!, recentLosses: state.metrics!.recentLosses.map((_, i) => Number.MAX_VALUE * (0.6 + i / 100)) } };
      let overflowed = 0;
      const { fused } = compare(c, window, 64, (t, s, _saved) => {
        if (s.version === 1) t.restore(saved);
        if (s.metrics.rollingLogLoss === Number.MAX_VALUE || (s.metrics.rollingLogLoss ?? 0) > 1e300) overflowed++;
      });
      expect(fused.metrics.save().lossScale).toBe(1);
      // Counted on both sides: the steps whose window still held the huge losses.
      expect(overflowed, `window ${window}`).toBeGreaterThan(2 * (window - 2));
    }
  });
});

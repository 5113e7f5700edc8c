/**
 * Seeded random cases for the trainer's block kernels, and a bit-level
 * comparison of two models: each case mixes ordinary inputs with huge ones
 * (|z| > 37, sums that overflow to the saturated logit), learning rates large
 * enough to refuse steps, L2, the bias on or off and every schedule.
 */
import seedrandom from 'seedrandom';
import { expect } from 'vitest';
import { blockFromSamples, classOfLogit, createModel, learnOne, logit, ProgressiveMetrics, Trainer } from '../../src/core/index.js';
import type { LearningRateSchedule, LogisticModel, Sample, SampleBlock } from '../../src/core/index.js';

/** One kernel case: a configuration and a block of rows to learn from. */
export interface KernelCase {
  readonly name: string;
  readonly bias: boolean;
  readonly l2: number;
  readonly schedule: LearningRateSchedule;
  readonly reduction: 'mean' | 'sum';
  readonly block: SampleBlock;
  readonly samples: Sample[];
}

const SCHEDULES: LearningRateSchedule[] = [
  { kind: 'constant', lr: 0.1 },
  { kind: 'constant', lr: 1e3 },
  { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 },
  { kind: 'inverse-power', lr: 2, power: 0.5 },
  { kind: 'constant', lr: 1e300 },
];

/** A feature: mostly ordinary, sometimes huge (a logit past 37, or a sum that overflows), either sign. */
function feature(rng: () => number, profile: number): number {
  const u = rng();
  const sign = rng() < 0.5 ? -1 : 1;
  if (profile === 0 || u < 0.7) return sign * rng() * 4;
  if (u < 0.85) return sign * (40 + rng() * 200);
  if (u < 0.95) return sign * 10 ** (100 + Math.floor(rng() * 200));
  return sign * Number.MAX_VALUE * (0.5 + rng() * 0.5);
}

/**
 * Cases of `width` inputs, `rows` rows each: every schedule, with and without the bias and L2,
 * ordinary and extreme inputs.
 */
export function kernelCases(width: number, rows: number, seed: string): KernelCase[] {
  const rng = seedrandom(`${seed}/${width}`);
  const cases: KernelCase[] = [];
  for (const [k, schedule] of SCHEDULES.entries()) {
    for (const profile of [0, 1]) {
      const bias = (k + profile) % 2 === 0;
      const l2 = (k + profile) % 3 === 1 ? 0.01 : 0;
      const samples: Sample[] = Array.from({ length: rows }, () => ({ x: Array.from({ length: width }, () => feature(rng, profile)), t: rng() < 0.5 ? 0 : 1 }));
      const name = `${schedule.kind} lr ${schedule.lr}, ${profile === 0 ? 'ordinary' : 'extreme'} inputs, bias ${bias ? 'on' : 'off'}, l2 ${l2}`;
      cases.push({ name, bias, l2, schedule, reduction: k % 2 === 0 ? 'mean' : 'sum', block: blockFromSamples(samples, width), samples });
    }
  }
  return cases;
}

/** The 64 bits of a number, so that a difference of one ulp (or of a zero's sign) shows. */
export function bits(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16);
}

/** Expects two models to hold the same bits: weights, bias, and counts. */
export function expectSameModel(got: LogisticModel, want: LogisticModel, what: string): void {
  expect(Array.from(got.weights, bits), `${what}: weights`).toEqual(Array.from(want.weights, bits));
  expect(bits(got.bias), `${what}: bias`).toBe(bits(want.bias));
  expect([got.seen, got.updates, got.refused], `${what}: seen, updates, refused`).toEqual([want.seen, want.updates, want.refused]);
}

/** Expects two lists of numbers to hold the same bits. */
export function expectSameBits(got: readonly number[], want: readonly number[], what: string): void {
  expect(got.map(bits), what).toEqual(want.map(bits));
}

/** The reference for the per-sample paths: the core's `learnOne` sample by sample, each sample scored first. */
export function learnOneReference(c: KernelCase, window: number): { model: LogisticModel; metrics: ProgressiveMetrics; losses: number[]; saturated: number; far: number } {
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

/** A trainer set up as a case says, with a rolling window of `window`. */
export function caseTrainer(c: KernelCase, window: number): Trainer {
  return new Trainer({ inputs: c.block.width, bias: c.bias, schedule: c.schedule, l2: c.l2, rollingWindow: window });
}

/** Two progressive metrics hold the same scores to the bit: counts, sums and every recent loss and hit. */
export function expectSameScores(got: ProgressiveMetrics, want: ProgressiveMetrics, what: string): void {
  const g = got.save();
  const w = want.save();
  expectSameBits([g.n, g.lossSum, g.lossScale, g.correct], [w.n, w.lossSum, w.lossScale, w.correct], `${what}: n, loss sum, scale, correct`);
  expectSameBits(g.recentLosses, w.recentLosses, `${what}: each sample's loss`);
  expectSameBits(g.recentHits, w.recentHits, `${what}: each sample's hit`);
}

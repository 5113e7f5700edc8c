import { applyDeltaRule } from './delta-rule.js';
import type { DeltaStep, UpdateOptions } from './delta-rule.js';
import { logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import type { ProgressiveMetrics } from './metrics/progressive-metrics.js';
import { logitAt } from './model.js';
import type { LogisticModel } from './model.js';
import { classOfLogit } from './predicted-class.js';
import type { MiniBatch } from './mini-batch.js';
import { miniBatchKernel } from './mini-batch-kernel.js';
import type { MiniBatchKernel } from './mini-batch-kernel.js';
import { oneSampleStep } from './one-sample-kernel.js';
import type { OneSampleTarget } from './one-sample-kernel.js';
import { perSampleKernel } from './per-sample-kernel.js';
import type { PerSampleKernel } from './per-sample-kernel.js';
import { perSampleRow } from './per-sample-row.js';
import type { PerSampleRow } from './per-sample-row.js';
import type { Label, Sample } from './sample.js';
import type { SampleBlock } from './sample-block.js';
import { stepRule } from './step-rule.js';
import type { StepRule } from './step-rule.js';

/**
 * Test-then-train, one step at a time: scores each sample (its loss and
 * whether its class was right, into the progressive metrics), then takes the
 * delta-rule step, per sample or once over a batch of rows. The numerical
 * heart of a {@link Trainer}, which owns one; it keeps its scratch here so
 * that the core keeps no state between calls.
 *
 * Rows of a block go through the block kernels (`perSampleKernel`,
 * `miniBatchKernel`: one call per block, the model in locals); a `Sample`
 * goes through {@link ScoringStepper.sample} (`oneSampleStep`: one call per
 * sample). All of them reproduce the bits of the reference path, the core's
 * `learnOne` and `learnMany` written with `applyDeltaRule`, exactly.
 *
 * @example
 * ```ts
 * const stepper = new ScoringStepper(model, { schedule: { kind: 'constant', lr: 0.1 } }, new ProgressiveMetrics());
 * stepper.sample(block.x, 0, 1);              // the first row's loss before its step
 * stepper.learnRows(block.x, block.t, 1, 64); // a step per row: the last row's loss
 * stepper.rows(block.x, block.t, 64, 96);     // one step on 32 rows: their mean loss
 * ```
 */
export class ScoringStepper implements OneSampleTarget {
  /** The update options flattened for the block kernels (follows {@link update}). */
  rule: StepRule;
  /** Scratch of `inputs` values for the kernels (old weights while a step is checked, a batch's gradient). */
  readonly scratch: Float64Array;
  private options: UpdateOptions;
  private readonly perSample: PerSampleKernel;
  private readonly perRow: PerSampleRow;
  private readonly miniBatch: MiniBatchKernel;
  // One DeltaStep rewritten per step: no allocation on the hot path.
  private readonly delta: DeltaStep = { gradient: new Float64Array(0), offset: 0, scale: 1, gradientBias: 0, count: 1 };
  private readonly previous: Float64Array;
  private readonly gradient: Float64Array;
  private biasGradient = 0;
  /** The loss of the last sample {@link sample} or {@link sampleRange} stepped on, before its step (NaN before any). */
  lastLoss = NaN;

  /**
   * @param model - the live model, mutated in place
   * @param update - schedule, L2 and reduction
   * @param metrics - where every sample's score goes
   */
  constructor(
    readonly model: LogisticModel,
    update: UpdateOptions,
    readonly metrics: ProgressiveMetrics,
  ) {
    this.options = update;
    this.rule = stepRule(update);
    this.previous = new Float64Array(model.weights.length);
    this.gradient = new Float64Array(model.weights.length);
    this.scratch = new Float64Array(model.weights.length);
    this.perSample = perSampleKernel(model.weights.length);
    this.perRow = perSampleRow(model.weights.length);
    this.miniBatch = miniBatchKernel(model.weights.length);
  }

  /** How steps are taken: schedule, L2, reduction (replace it to switch the schedule). */
  get update(): UpdateOptions {
    return this.options;
  }

  set update(update: UpdateOptions) {
    this.options = update;
    this.rule = stepRule(update);
  }

  /**
   * The per-sample steps over rows `start … end − 1` of row-major features `x` and labels `t`, in
   * one kernel call: the same weights, counts, losses and scores as {@link sample} row by row.
   *
   * @returns the last row's loss before its step (NaN when there are none)
   */
  learnRows(x: Float64Array, t: Uint8Array, start: number, end: number): number {
    return end <= start ? NaN : end - start === 1 ? this.perRow(this, x, t, start) : this.perSample(this, x, t, start, end);
  }

  /**
   * {@link learnRows} for the one row `r`, without the block kernel's per-call set-up (a step
   * emitted after every row): the same weights, counts, loss and scores.
   *
   * @returns the row's loss before its step
   */
  learnRow(x: Float64Array, t: Uint8Array, r: number): number {
    return this.perRow(this, x, t, r);
  }

  /**
   * The per-sample step: scores the sample at `x[offset …]` (loss and class from one logit and
   * one e^(−|z|)), then steps with ∂ξ/∂w = g·x, never built (`oneSampleStep`, bit for bit `learnOne`).
   *
   * @returns the loss before the step
   */
  sample(x: ArrayLike<number>, offset: number, t: Label): number {
    oneSampleStep(this, x, offset, t);
    return this.lastLoss;
  }

  /**
   * {@link sample} for `samples[start]` to `samples[end − 1]`, in order, in one tight loop.
   *
   * @returns the last sample's loss before its step (NaN when there are none)
   */
  sampleRange(samples: readonly Sample[], start: number, end: number): number {
    if (end <= start) return NaN;
    for (let k = start; k < end; k++) {
      const s = samples[k]!;
      oneSampleStep(this, s.x, 0, s.t);
    }
    return this.lastLoss;
  }

  /**
   * One step on rows `start … end − 1` of row-major features `x` and labels `t`, each scored first.
   *
   * @returns the rows' mean loss before the step (NaN when there are none)
   */
  rows(x: Float64Array, t: Uint8Array, start: number, end: number): number {
    return end <= start ? NaN : this.miniBatch(this, x, t, start, end, end - start);
  }

  /**
   * One step per mini-batch of `size` rows over rows `start … end − 1` (the last batch shorter
   * when `size` does not divide them), in one kernel call: the same as {@link rows} batch by batch.
   *
   * @returns the last batch's mean loss before its step (NaN when there are no rows)
   */
  batchRows(x: Float64Array, t: Uint8Array, start: number, end: number, size: number): number {
    return end <= start ? NaN : this.miniBatch(this, x, t, start, end, size);
  }

  /**
   * Rows `start … end − 1` of a block into a mini-batch in progress: the pending batch is
   * completed and learned first, whole batches inside the block are learned in place (no copy,
   * one kernel call), and the rest is copied into `batch` to wait.
   *
   * @returns the last step's mean loss before it (NaN when no batch filled)
   */
  batchBlock(batch: MiniBatch, block: SampleBlock, start: number, end: number): number {
    const size = batch.size;
    let loss = NaN;
    let r = start;
    if (batch.pending > 0) {
      r += batch.fill(block, r, end);
      if (!batch.full) return loss;
      loss = this.rows(batch.x, batch.t, 0, batch.take());
    }
    const whole = r + Math.floor((end - r) / size) * size;
    if (whole > r) loss = this.batchRows(block.x, block.t, r, whole, size);
    batch.fill(block, whole, end);
    return loss;
  }

  /**
   * One step on an array of samples, each scored first: the core's `learnMany`.
   *
   * @returns the batch's mean loss before the step (NaN when empty)
   */
  samples(batch: readonly Sample[]): number {
    if (batch.length === 0) return NaN;
    this.clearGradient();
    let loss = 0;
    for (let k = 0; k < batch.length; k++) loss += this.accumulate(batch[k]!.x, 0, batch[k]!.t);
    return this.stepOnGradient(batch.length, loss);
  }

  private clearGradient(): void {
    this.gradient.fill(0);
    this.biasGradient = 0;
  }

  /** Scores the sample at `x[offset …]` and adds its gradient to the batch's; returns its loss. */
  private accumulate(x: ArrayLike<number>, offset: number, t: Label): number {
    const gw = this.gradient;
    const z = logitAt(this.model, x, offset);
    const e = Math.exp(z < 0 ? z : -z);
    const g = logisticFromExp(z, e) - t;
    for (let i = 0; i < gw.length; i++) gw[i] = gw[i]! + g * x[offset + i]!;
    this.biasGradient += g;
    const loss = crossEntropyFromExp(z, t, e);
    this.metrics.record(loss, classOfLogit(z) === t);
    return loss;
  }

  /** Reduces the summed gradient and takes the step; returns the mean loss. */
  private stepOnGradient(n: number, lossSum: number): number {
    const gw = this.gradient;
    let gb = this.biasGradient;
    if ((this.update.reduction ?? 'mean') === 'mean' && n > 1) {
      for (let i = 0; i < gw.length; i++) gw[i] = gw[i]! / n;
      gb /= n;
    }
    const delta = this.delta;
    delta.gradient = gw;
    delta.offset = 0;
    delta.scale = 1;
    delta.gradientBias = gb;
    delta.count = n;
    applyDeltaRule(this.model, delta, this.update, this.previous);
    // Each loss is finite, but their sum can pass Number.MAX_VALUE: report that as the largest finite loss.
    return Math.min(lossSum / n, Number.MAX_VALUE);
  }
}

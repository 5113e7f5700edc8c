import { applyDeltaRule } from './delta-rule.js';
import type { DeltaStep, UpdateOptions } from './delta-rule.js';
import { logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import type { ProgressiveMetrics } from './metrics/progressive-metrics.js';
import { logitAt } from './model.js';
import type { LogisticModel } from './model.js';
import { classOfLogit } from './predicted-class.js';
import type { Label, Sample } from './sample.js';

/**
 * Test-then-train, one step at a time: scores each sample (its loss and
 * whether its class was right, into the progressive metrics), then takes the
 * delta-rule step, per sample or once over a batch of rows. The numerical
 * heart of a {@link Trainer}, which owns one; it keeps its scratch here so
 * that the core keeps no state between calls.
 *
 * @example
 * ```ts
 * const stepper = new ScoringStepper(model, { schedule: { kind: 'constant', lr: 0.1 } }, new ProgressiveMetrics());
 * stepper.sample(block.x, 0, 1);            // the first row's loss before its step
 * stepper.rows(block.x, block.t, 0, 32);    // one step on 32 rows: their mean loss
 * ```
 */
export class ScoringStepper {
  /** How steps are taken: schedule, L2, reduction (replace it to switch the schedule). */
  update: UpdateOptions;
  // One DeltaStep rewritten per step: no allocation on the hot path.
  private readonly delta: DeltaStep = { gradient: new Float64Array(0), offset: 0, scale: 1, gradientBias: 0, count: 1 };
  private readonly previous: Float64Array;
  private readonly gradient: Float64Array;
  private biasGradient = 0;

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
    this.update = update;
    this.previous = new Float64Array(model.weights.length);
    this.gradient = new Float64Array(model.weights.length);
  }

  /**
   * The per-sample step: scores the sample at `x[offset …]` (loss and class from one logit and
   * one e^(−|z|)), then steps with ∂ξ/∂w = g·x, never built.
   *
   * @returns the loss before the step
   */
  sample(x: ArrayLike<number>, offset: number, t: Label): number {
    const model = this.model;
    const z = logitAt(model, x, offset);
    const e = Math.exp(z < 0 ? z : -z);
    const g = logisticFromExp(z, e) - t;
    const delta = this.delta;
    delta.gradient = x;
    delta.offset = offset;
    delta.scale = g;
    delta.gradientBias = g;
    delta.count = 1;
    applyDeltaRule(model, delta, this.update, this.previous);
    const loss = crossEntropyFromExp(z, t, e);
    this.metrics.record(loss, classOfLogit(z) === t);
    return loss;
  }

  /**
   * One step on rows `start … end − 1` of row-major features `x` and labels `t`, each scored first.
   *
   * @returns the rows' mean loss before the step (NaN when there are none)
   */
  rows(x: Float64Array, t: Uint8Array, start: number, end: number): number {
    if (end <= start) return NaN;
    const d = this.gradient.length;
    this.clearGradient();
    let loss = 0;
    for (let r = start; r < end; r++) loss += this.accumulate(x, r * d, t[r] as Label);
    return this.stepOnGradient(end - start, loss);
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

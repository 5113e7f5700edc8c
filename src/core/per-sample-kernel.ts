import { logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import type { ProgressiveMetrics } from './metrics/progressive-metrics.js';
import { logitAt } from './model.js';
import type { LogisticModel } from './model.js';
import { classOfLogit } from './predicted-class.js';
import type { Label } from './sample.js';
import { rateAt } from './step-rule.js';
import type { StepRule } from './step-rule.js';

/** What a block kernel learns into: the live model, how it steps, where the scores go, and scratch of `inputs` values. */
export interface KernelTarget {
  readonly model: LogisticModel;
  readonly rule: StepRule;
  readonly metrics: ProgressiveMetrics;
  readonly scratch: Float64Array;
}

/**
 * Test-then-train over rows `start … end − 1` of row-major features `x` and labels `t`, one
 * delta-rule step per row; returns the last row's loss before its step.
 */
export type PerSampleKernel = (target: KernelTarget, x: Float64Array, t: Uint8Array, start: number, end: number) => number;

/**
 * The per-sample kernel for a model of `inputs` weights: one loop over a
 * block's rows that keeps the weights, bias and counts in locals and writes
 * them back once, and stores each row's loss and running hit count
 * straight into the metrics' rolling rings, carrying the cumulative sums in
 * locals; the rows go in runs that end where the rings do, so the loop body
 * calls nothing. Every row costs exactly the floating-point operations of
 * `learnOne` (the reference path: `logitAt`, `applyDeltaRule`,
 * `crossEntropyFromExp`), in the same order, so the weights, counts, losses
 * and scores are bit for bit the same, refused steps included. Two inputs
 * (the tutorial's and the benchmarks' width) get a loop with one local per
 * weight; other widths a loop over the weights array.
 *
 * @example
 * ```ts
 * const rows = perSampleKernel(2);
 * rows(stepper, block.x, block.t, 0, block.length); // the last row's loss
 * ```
 */
export function perSampleKernel(inputs: number): PerSampleKernel {
  return inputs === 2 ? rows2 : rowsAnyWidth;
}

function rows2(target: KernelTarget, x: Float64Array, t: Uint8Array, start: number, end: number): number {
  const { model, metrics } = target;
  const rule = target.rule;
  const l2 = rule.l2;
  const w = model.weights;
  const useBias = model.useBias;
  const losses = metrics.lossRing;
  const hits = metrics.hitRing;
  const ring = losses.length;
  let slot = metrics.ringSlot;
  let lossSum = metrics.runningLossSum;
  let correct = metrics.runningCorrect;
  let w0 = w[0]!;
  let w1 = w[1]!;
  let b = model.bias;
  let updates = model.updates;
  let refused = model.refused;
  let loss = 0;
  // Runs of rows that end where the rings do: the loop body calls nothing.
  for (let from = start; from < end; ) {
    const to = end - from < ring - slot ? end : from + (ring - slot);
    const first = slot;
    for (let r = from, o = 2 * from; r < to; r++, o += 2) {
      const x0 = x[o]!;
      const x1 = x[o + 1]!;
      const label = t[r] as Label;
      let z = b + w0 * x0 + w1 * x1;
      if (z - z !== 0) {
        // The sum overflowed: the model's own saturated logit, from the weights as they are now.
        w[0] = w0;
        w[1] = w1;
        model.bias = b;
        z = logitAt(model, x, o);
      }
      const e = Math.exp(z < 0 ? z : -z);
      const g = logisticFromExp(z, e) - label;
      const mu = rateAt(rule, updates);
      const n0 = l2 === 0 ? w0 - mu * (g * x0) : w0 - mu * (g * x0 + l2 * w0);
      const n1 = l2 === 0 ? w1 - mu * (g * x1) : w1 - mu * (g * x1 + l2 * w1);
      const nb = useBias ? b - mu * g : b;
      // v·0 is ±0 for a finite v and NaN otherwise: a step that would leave a non-finite value is refused.
      if (n0 * 0 + n1 * 0 + nb * 0 === 0) {
        w0 = n0;
        w1 = n1;
        b = nb;
        updates++;
      } else refused++;
      loss = crossEntropyFromExp(z, label, e);
      const hit = classOfLogit(z) === label ? 1 : 0;
      losses[slot] = loss;
      lossSum += loss;
      correct += hit;
      hits[slot] = correct;
      slot++;
    }
    lossSum = metrics.scoredRun(first, slot - first, lossSum, correct);
    if (slot === ring) slot = 0;
    from = to;
  }
  w[0] = w0;
  w[1] = w1;
  model.bias = b;
  model.seen += end - start;
  model.updates = updates;
  model.refused = refused;
  return loss;
}

function rowsAnyWidth(target: KernelTarget, x: Float64Array, t: Uint8Array, start: number, end: number): number {
  const { model, metrics, scratch: old } = target;
  const rule = target.rule;
  const l2 = rule.l2;
  const w = model.weights;
  const d = w.length;
  const useBias = model.useBias;
  const losses = metrics.lossRing;
  const hits = metrics.hitRing;
  const ring = losses.length;
  let slot = metrics.ringSlot;
  let lossSum = metrics.runningLossSum;
  let correct = metrics.runningCorrect;
  let b = model.bias;
  let updates = model.updates;
  let refused = model.refused;
  let loss = 0;
  for (let from = start; from < end; ) {
    const to = end - from < ring - slot ? end : from + (ring - slot);
    const first = slot;
    for (let r = from, o = d * from; r < to; r++, o += d) {
      const label = t[r] as Label;
      let z = b;
      for (let i = 0; i < d; i++) z += w[i]! * x[o + i]!;
      if (z - z !== 0) {
        model.bias = b;
        z = logitAt(model, x, o);
      }
      const e = Math.exp(z < 0 ? z : -z);
      const g = logisticFromExp(z, e) - label;
      const mu = rateAt(rule, updates);
      // Each weight is written at once, the old one kept in `old` to put back if the step is refused.
      let nonFinite = 0;
      if (l2 === 0) for (let i = 0; i < d; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (g * x[o + i]!)) * 0;
      else for (let i = 0; i < d; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (g * x[o + i]! + l2 * old[i]!)) * 0;
      const nb = useBias ? b - mu * g : b;
      if (nonFinite + nb * 0 === 0) {
        b = nb;
        updates++;
      } else {
        w.set(old);
        refused++;
      }
      loss = crossEntropyFromExp(z, label, e);
      const hit = classOfLogit(z) === label ? 1 : 0;
      losses[slot] = loss;
      lossSum += loss;
      correct += hit;
      hits[slot] = correct;
      slot++;
    }
    lossSum = metrics.scoredRun(first, slot - first, lossSum, correct);
    if (slot === ring) slot = 0;
    from = to;
  }
  model.bias = b;
  model.seen += end - start;
  model.updates = updates;
  model.refused = refused;
  return loss;
}

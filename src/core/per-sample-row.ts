import { logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import { logitAt } from './model.js';
import { perSampleKernel } from './per-sample-kernel.js';
import type { KernelTarget } from './per-sample-kernel.js';
import { classOfLogit } from './predicted-class.js';
import type { Label } from './sample.js';
import { rateAt } from './step-rule.js';

/**
 * Test-then-train on row `r` of row-major features `x` and labels `t`: one delta-rule step;
 * returns the row's loss before its step.
 */
export type PerSampleRow = (target: KernelTarget, x: Float64Array, t: Uint8Array, r: number) => number;

/**
 * The per-sample step on one row of a block, for a caller that steps one row
 * at a time (a step emitted after every sample): the block kernel's
 * (`perSampleKernel`) row, without its per-call prologue, run loop and
 * epilogue. The weights are read from the model and written back at once,
 * and the row is scored with `ProgressiveMetrics.record`, so the weights,
 * counts, loss and scores are bit for bit those of the kernel over the same
 * rows, refused steps included. Two inputs get a straight-line row; other
 * widths the kernel over the one row.
 *
 * @example
 * ```ts
 * const row = perSampleRow(2);
 * for (let r = 0; r < block.length; r++) row(stepper, block.x, block.t, r); // each row's loss
 * ```
 */
export function perSampleRow(inputs: number): PerSampleRow {
  if (inputs === 2) return row2;
  const rows = perSampleKernel(inputs);
  return (target, x, t, r) => rows(target, x, t, r, r + 1);
}

function row2(target: KernelTarget, x: Float64Array, t: Uint8Array, r: number): number {
  const model = target.model;
  const rule = target.rule;
  const l2 = rule.l2;
  const w = model.weights;
  const o = 2 * r;
  const x0 = x[o]!;
  const x1 = x[o + 1]!;
  const label = t[r] as Label;
  const w0 = w[0]!;
  const w1 = w[1]!;
  const b = model.bias;
  let z = b + w0 * x0 + w1 * x1;
  // The sum overflowed: the model's own saturated logit (the model is up to date here).
  if (z - z !== 0) z = logitAt(model, x, o);
  const e = Math.exp(z < 0 ? z : -z);
  const g = logisticFromExp(z, e) - label;
  const updates = model.updates;
  const mu = rateAt(rule, updates);
  const n0 = l2 === 0 ? w0 - mu * (g * x0) : w0 - mu * (g * x0 + l2 * w0);
  const n1 = l2 === 0 ? w1 - mu * (g * x1) : w1 - mu * (g * x1 + l2 * w1);
  const nb = model.useBias ? b - mu * g : b;
  // v·0 is ±0 for a finite v and NaN otherwise: a step that would leave a non-finite value is refused.
  if (n0 * 0 + n1 * 0 + nb * 0 === 0) {
    w[0] = n0;
    w[1] = n1;
    model.bias = nb;
    model.updates = updates + 1;
  } else model.refused++;
  model.seen++;
  const loss = crossEntropyFromExp(z, label, e);
  target.metrics.record(loss, classOfLogit(z) === label);
  return loss;
}

import { logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import { logitAt } from './model.js';
import type { KernelTarget } from './per-sample-kernel.js';
import { classOfLogit } from './predicted-class.js';
import type { Label } from './sample.js';
import { rateAt } from './step-rule.js';

/** What {@link oneSampleStep} learns into: a kernel's target, and where the sample's loss goes. */
export interface OneSampleTarget extends KernelTarget {
  /** The loss of the last sample stepped on, before its step. */
  lastLoss: number;
}

/**
 * Test-then-train on one sample whose inputs are at `x[offset …]` (a
 * `Sample`'s `x`: a `number[]` as often as a `Float64Array`): scores it into
 * the target's metrics, then takes its delta-rule step. Every sample costs
 * exactly the floating-point operations of `learnOne` (the reference path:
 * `logitAt`, `applyDeltaRule`, `crossEntropyFromExp`), in the same order, so
 * the weights, counts, loss and score are bit for bit the same, refused
 * steps included. Two inputs (the tutorial's and the benchmarks' width) get
 * the weights in locals, checked for finiteness before anything is written
 * (no copy of the old weights); other widths write each weight at once and
 * put the old ones back from the target's scratch if the step is refused.
 *
 * Both widths are one function on purpose: its bytecode is then longer than
 * V8 inlines into a caller (460 bytes), so V8 always compiles it on its own,
 * with its helpers (`logisticFromExp`, `rateAt`, `crossEntropyFromExp`,
 * `metrics.record`) inlined, and a stream's loop calls it once per sample.
 * Split in two, each half is short enough to be inlined into the caller's
 * loop when the caller happens to be optimized first, and then its helpers
 * no longer fit the caller's inlining budget: each became a call passing
 * boxed doubles, and the speed went bimodal per process (about 0.6 or 0.9
 * of the hand loop). For the same reason the loss is not returned but
 * stored in `target.lastLoss` (a number field, stored in place): a double
 * returned by a call that is not inlined is boxed in a new heap number,
 * one per sample.
 *
 * @example
 * ```ts
 * oneSampleStep(stepper, [0.5, -1], 0, 1);
 * stepper.lastLoss; // the sample's loss before its step
 * ```
 */
export function oneSampleStep(target: OneSampleTarget, x: ArrayLike<number>, offset: number, t: Label): void {
  const model = target.model;
  const rule = target.rule;
  const l2 = rule.l2;
  const w = model.weights;
  const b = model.bias;
  let z: number;
  let e: number;
  if (w.length === 2) {
    const x0 = x[offset]!;
    const x1 = x[offset + 1]!;
    const w0 = w[0]!;
    const w1 = w[1]!;
    z = b + w0 * x0 + w1 * x1;
    // The sum overflowed: the model's own saturated logit (nothing is written yet).
    if (z - z !== 0) z = logitAt(model, x, offset);
    e = Math.exp(z < 0 ? z : -z);
    const g = logisticFromExp(z, e) - t;
    const mu = rateAt(rule, model.updates);
    const n0 = l2 === 0 ? w0 - mu * (g * x0) : w0 - mu * (g * x0 + l2 * w0);
    const n1 = l2 === 0 ? w1 - mu * (g * x1) : w1 - mu * (g * x1 + l2 * w1);
    const nb = model.useBias ? b - mu * g : b;
    model.seen++;
    // v·0 is ±0 for a finite v and NaN otherwise: a step that would leave a non-finite value is refused.
    if (n0 * 0 + n1 * 0 + nb * 0 === 0) {
      w[0] = n0;
      w[1] = n1;
      model.bias = nb;
      model.updates++;
    } else model.refused++;
  } else {
    const old = target.scratch;
    const d = w.length;
    z = b;
    for (let i = 0; i < d; i++) z += w[i]! * x[offset + i]!;
    if (z - z !== 0) z = logitAt(model, x, offset);
    e = Math.exp(z < 0 ? z : -z);
    const g = logisticFromExp(z, e) - t;
    const mu = rateAt(rule, model.updates);
    // Each weight is written at once, the old one kept in `old` to put back if the step is refused.
    let nonFinite = 0;
    if (l2 === 0) for (let i = 0; i < d; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (g * x[offset + i]!)) * 0;
    else for (let i = 0; i < d; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (g * x[offset + i]! + l2 * old[i]!)) * 0;
    const nb = model.useBias ? b - mu * g : b;
    model.seen++;
    if (nonFinite + nb * 0 === 0) {
      model.bias = nb;
      model.updates++;
    } else {
      w.set(old);
      model.refused++;
    }
  }
  const loss = crossEntropyFromExp(z, t, e);
  target.metrics.record(loss, classOfLogit(z) === t);
  target.lastLoss = loss;
}

import { logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import { logitAt } from './model.js';
import type { KernelTarget } from './per-sample-kernel.js';
import { classOfLogit } from './predicted-class.js';
import type { Label } from './sample.js';
import { rateAt } from './step-rule.js';

// The helpers as constants of this module: a call to an imported binding loads it through the
// module's import cell and checks it on every row of the loops below (0.83–0.84 of the hand
// mini-batch loop in-process, against 0.92–0.95 with these constants; the same inlined code).
const sigmoid = logisticFromExp;
const lossOf = crossEntropyFromExp;
const classOf = classOfLogit;
const logitOf = logitAt;
const rate = rateAt;

/**
 * Test-then-train over rows `start … end − 1` of row-major features `x` and labels `t` in
 * mini-batches of `size` rows (the last one shorter when `size` does not divide the rows), one
 * delta-rule step per batch; returns the last batch's mean loss before its step.
 */
export type MiniBatchKernel = (target: KernelTarget, x: Float64Array, t: Uint8Array, start: number, end: number, size: number) => number;

/**
 * The mini-batch kernel for a model of `inputs` weights: one loop over a
 * block's batches that keeps the weights, bias, counts and each batch's
 * gradient in locals, stores every row's loss and running hit count
 * straight into the metrics' rolling rings (the cumulative sums carried in
 * locals, a batch's rows split where the rings end) and writes the model
 * back once. Each batch costs exactly the floating-point operations of the
 * core's `learnMany` (the reference:
 * gradient sums in row order, the mean, `applyDeltaRule`'s step and its
 * refusal of a non-finite one), so everything is bit for bit the same. Two
 * inputs get a loop with one local per weight; other widths a loop over the
 * weights array, with the gradient in the target's scratch.
 *
 * @example
 * ```ts
 * const batches = miniBatchKernel(2);
 * batches(stepper, block.x, block.t, 0, 1024, 64); // 16 steps: the last batch's mean loss
 * ```
 */
export function miniBatchKernel(inputs: number): MiniBatchKernel {
  return inputs === 2 ? batches2 : batchesAnyWidth;
}

function batches2(target: KernelTarget, x: Float64Array, t: Uint8Array, start: number, end: number, size: number): number {
  const { model, metrics } = target;
  const rule = target.rule;
  const { l2, mean } = rule;
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
  let last = NaN;
  for (let from = start; from < end; from += size) {
    const to = end - from < size ? end : from + size;
    let g0 = 0;
    let g1 = 0;
    let gb = 0;
    let batchLoss = 0;
    // Each batch's rows in runs that end where the rings do: the loop body calls nothing.
    for (let r = from, o = 2 * from; r < to; ) {
      const stop = to - r < ring - slot ? to : r + (ring - slot);
      const first = slot;
      for (; r < stop; r++, o += 2) {
        const x0 = x[o]!;
        const x1 = x[o + 1]!;
        const label = t[r] as Label;
        let z = b + w0 * x0 + w1 * x1;
        if (z - z !== 0) {
          // The sum overflowed: the model's own saturated logit, from the weights as they are now.
          w[0] = w0;
          w[1] = w1;
          model.bias = b;
          z = logitOf(model, x, o);
        }
        const e = Math.exp(z < 0 ? z : -z);
        const g = sigmoid(z, e) - label;
        g0 += g * x0;
        g1 += g * x1;
        gb += g;
        const loss = lossOf(z, label, e);
        const hit = classOf(z) === label ? 1 : 0;
        batchLoss += loss;
        losses[slot] = loss;
        lossSum += loss;
        correct += hit;
        hits[slot] = correct;
        slot++;
      }
      // Every run is settled as it ends (the batch's or the ring's end): a call site taken at least
      // once a batch, which V8 inlines; taken only at the ring's end, it stayed a call in the loops
      // whenever calls of one batch each made it rare, and the rows ran 10% slower.
      lossSum = metrics.scoredRun(first, slot - first, lossSum, correct);
      if (slot === ring) slot = 0;
    }
    const n = to - from;
    if (mean && n > 1) {
      g0 /= n;
      g1 /= n;
      gb /= n;
    }
    const mu = rate(rule, updates);
    const n0 = l2 === 0 ? w0 - mu * g0 : w0 - mu * (g0 + l2 * w0);
    const n1 = l2 === 0 ? w1 - mu * g1 : w1 - mu * (g1 + l2 * w1);
    const nb = useBias ? b - mu * gb : b;
    // v·0 is ±0 for a finite v and NaN otherwise: a step that would leave a non-finite value is refused.
    if (n0 * 0 + n1 * 0 + nb * 0 === 0) {
      w0 = n0;
      w1 = n1;
      b = nb;
      updates++;
    } else refused++;
    // Each loss is finite, but their sum can pass Number.MAX_VALUE: report that as the largest finite loss.
    last = Math.min(batchLoss / n, Number.MAX_VALUE);
  }
  w[0] = w0;
  w[1] = w1;
  model.bias = b;
  model.seen += end - start;
  model.updates = updates;
  model.refused = refused;
  return last;
}

function batchesAnyWidth(target: KernelTarget, x: Float64Array, t: Uint8Array, start: number, end: number, size: number): number {
  const { model, metrics, scratch: grad } = target;
  const rule = target.rule;
  const { l2, mean } = rule;
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
  let last = NaN;
  for (let from = start; from < end; from += size) {
    const to = end - from < size ? end : from + size;
    grad.fill(0);
    let gb = 0;
    let batchLoss = 0;
    for (let r = from, o = d * from; r < to; ) {
      const stop = to - r < ring - slot ? to : r + (ring - slot);
      const first = slot;
      for (; r < stop; r++, o += d) {
        const label = t[r] as Label;
        let z = b;
        for (let i = 0; i < d; i++) z += w[i]! * x[o + i]!;
        if (z - z !== 0) {
          model.bias = b;
          z = logitOf(model, x, o);
        }
        const e = Math.exp(z < 0 ? z : -z);
        const g = sigmoid(z, e) - label;
        for (let i = 0; i < d; i++) grad[i] = grad[i]! + g * x[o + i]!;
        gb += g;
        const loss = lossOf(z, label, e);
        const hit = classOf(z) === label ? 1 : 0;
        batchLoss += loss;
        losses[slot] = loss;
        lossSum += loss;
        correct += hit;
        hits[slot] = correct;
        slot++;
      }
      // Every run is settled as it ends (the batch's or the ring's end): a call site taken at least
      // once a batch, which V8 inlines; taken only at the ring's end, it stayed a call in the loops
      // whenever calls of one batch each made it rare, and the rows ran 10% slower.
      lossSum = metrics.scoredRun(first, slot - first, lossSum, correct);
      if (slot === ring) slot = 0;
    }
    const n = to - from;
    if (mean && n > 1) {
      for (let i = 0; i < d; i++) grad[i] = grad[i]! / n;
      gb /= n;
    }
    const mu = rate(rule, updates);
    // Checked before anything is written: the gradient's scratch is busy, so there is none for the old weights.
    let nonFinite = 0;
    if (l2 === 0) for (let i = 0; i < d; i++) nonFinite += (w[i]! - mu * grad[i]!) * 0;
    else for (let i = 0; i < d; i++) nonFinite += (w[i]! - mu * (grad[i]! + l2 * w[i]!)) * 0;
    const nb = useBias ? b - mu * gb : b;
    if (nonFinite + nb * 0 === 0) {
      if (l2 === 0) for (let i = 0; i < d; i++) w[i] = w[i]! - mu * grad[i]!;
      else for (let i = 0; i < d; i++) w[i] = w[i]! - mu * (grad[i]! + l2 * w[i]!);
      b = nb;
      updates++;
    } else refused++;
    last = Math.min(batchLoss / n, Number.MAX_VALUE);
  }
  model.bias = b;
  model.seen += end - start;
  model.updates = updates;
  model.refused = refused;
  return last;
}

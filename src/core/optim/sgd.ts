import type { SparseVector } from '../features/sparse-vector.js';
import { learningRateAt } from '../learning-rate-schedule.js';
import type { Optimizer, OptimizerOptions, OptimizerState } from './optimizer.js';
import { foldScale } from './sparse-model.js';
import type { SparseModel } from './sparse-model.js';

/** Below this |scale| the weights are folded back (far from underflow; rare: once per ~20/(μλ) steps). */
const MIN_SCALE = 1e-9;

/**
 * Commits a step taken under a new common scale: the active weights' new
 * values (already divided by `scale`) go into the model, then the scale,
 * which shrinks every other weight in O(1). A scale of 0 (a decay of 1 − μλ
 * = 0) zeroes every weight and leaves the active ones at `fresh`.
 *
 * @param scaled - the active weights' values relative to `scale`, from index 0
 * @param fresh - the value of entry j when `scale` is 0
 */
export function commitScaled(model: SparseModel, idx: Int32Array, start: number, end: number, scale: number, scaled: Float64Array, fresh: (j: number) => number): void {
  const w = model.weights;
  if (scale === 0) {
    w.fill(0);
    model.scale = 1;
    for (let j = start; j < end; j++) w[idx[j]!] = fresh(j);
    return;
  }
  for (let j = start; j < end; j++) w[idx[j]!] = scaled[j - start]!;
  model.scale = scale;
  if (Math.abs(scale) < MIN_SCALE) foldScale(model);
}

let scratch = new Float64Array(64);

/**
 * The delta rule on sparse inputs: w ← w − μₖ·(g·x + λ·w), b ← b − μₖ·g,
 * with μₖ from the schedule at k = `model.updates`. Only the sample's active
 * weights are written; L2's shrinking of all the others is one multiply of the
 * model's scale, so the result equals the dense eager update (to rounding).
 *
 * @example
 * ```ts
 * const opt = new SgdOptimizer({ schedule: { kind: 'constant', lr: 0.05 }, l2: 1e-4 });
 * opt.step(model, x, 0.3);
 * ```
 */
export class SgdOptimizer implements Optimizer {
  readonly kind = 'sgd';
  private readonly l2: number;

  constructor(private readonly options: OptimizerOptions) {
    this.l2 = options.l2 ?? 0;
  }

  step(model: SparseModel, x: SparseVector, g: number): boolean {
    return this.stepRange(model, x.indices, x.values, 0, x.nnz, g);
  }

  stepRange(model: SparseModel, idx: Int32Array, val: Float64Array, start: number, end: number, g: number): boolean {
    const schedule = this.options.schedule;
    const mu = schedule.kind === 'constant' ? schedule.lr : learningRateAt(schedule, model.updates);
    const w = model.weights;
    model.seen++;
    if (scratch.length < end - start) scratch = new Float64Array((end - start) * 2);
    const next = scratch;
    if (this.l2 === 0) {
      // No decay: the common case stays a plain loop.
      const step = (mu * g) / model.scale;
      let nonFinite = 0;
      for (let j = start; j < end; j++) nonFinite += (next[j - start] = w[idx[j]!]! - step * val[j]!) * 0;
      const b = model.useBias ? model.bias - mu * g : model.bias;
      if (nonFinite + b * 0 !== 0) return refuse(model);
      for (let j = start; j < end; j++) w[idx[j]!] = next[j - start]!;
      model.bias = b;
      model.updates++;
      return true;
    }
    const scale = model.scale * (1 - mu * this.l2);
    const step = scale === 0 ? 0 : (mu * g) / scale;
    let nonFinite = 0;
    for (let j = start; j < end; j++) nonFinite += (next[j - start] = w[idx[j]!]! - step * val[j]!) * 0;
    const b = model.useBias ? model.bias - mu * g : model.bias;
    if (nonFinite + b * 0 !== 0 || !Number.isFinite(scale)) return refuse(model);
    commitScaled(model, idx, start, end, scale, next, (j) => -mu * g * val[j]!);
    model.bias = b;
    model.updates++;
    return true;
  }

  state(): OptimizerState {
    return { kind: 'sgd', arrays: {}, scalars: {} };
  }

  restore(state: OptimizerState): void {
    if (state.kind !== 'sgd') throw new RangeError(`optimizer state is for ${state.kind}, not sgd`);
  }
}

/** Counts a refused step; the model is untouched. */
export function refuse(model: SparseModel): false {
  model.refused++;
  return false;
}

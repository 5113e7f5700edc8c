import { learningRateAt } from './learning-rate-schedule.js';
import type { LearningRateSchedule } from './learning-rate-schedule.js';
import type { LogisticModel } from './model.js';

/** How a step is taken: the learning-rate schedule, L2 strength and batch reduction. */
export interface UpdateOptions {
  /** μ as a function of the step count. */
  readonly schedule: LearningRateSchedule;
  /** L2 regularisation strength λ (default 0): adds λ·w to the weights' gradient, never to the bias. */
  readonly l2?: number;
  /**
   * How a batch's per-sample gradients combine (default `'mean'`, as the
   * tutorial's text: Δw = μ·(1/N)·Σ xᵢ(yᵢ − tᵢ)). `'sum'` reproduces the
   * tutorial's code, `(nn(x, w) - t).T * x`, which sums them.
   */
  readonly reduction?: 'mean' | 'sum';
}

/**
 * One step's gradient, by name. The weights' gradient is
 * `scale · gradient[offset + i]`: a batch passes its reduced gradient (scale
 * 1, offset 0); a single sample passes its inputs (a `Sample`'s `x`, or a
 * block's `x` at the row's offset) and scale y − t, so that no gradient
 * vector is built per sample. A hot loop keeps one `DeltaStep` and rewrites
 * its fields, which costs no allocation.
 *
 * @example
 * ```ts
 * const step: DeltaStep = { gradient: Float64Array.of(1, 2), offset: 0, scale: 1, gradientBias: 0, count: 1 };
 * ```
 */
export interface DeltaStep {
  /** ∂ξ/∂w (or its direction, see `scale`), read at `offset … offset + inputs − 1`; not kept. */
  gradient: ArrayLike<number>;
  /** Where the gradient starts in `gradient`. */
  offset: number;
  /** The factor applied to every gradient value. */
  scale: number;
  /** ∂ξ/∂b, ignored when the model has no bias. */
  gradientBias: number;
  /** Samples this step learns from. */
  count: number;
}

/**
 * The delta rule, w ← w − μ·(∂ξ/∂w + λ·w) and b ← b − μ·∂ξ/∂b: the one update
 * that per-sample, mini-batch and full-batch learning all call. Each weight
 * moves by `μ·(scale·gradient[offset + i])`, bit for bit the same as with a
 * precomputed gradient vector.
 *
 * A step that would make a weight or the bias NaN or infinite (a huge
 * learning rate, overflowing inputs) is refused: the model keeps its weights
 * and counts it in `refused`. `seen` grows by `count` either way.
 *
 * @param previous - scratch of at least `inputs` values where the old
 *   weights are kept while the step is checked (a trainer owns one); without
 *   it the step is checked first and written after (two passes)
 * @returns whether the step was taken
 * @example
 * ```ts
 * const m = createModel({ inputs: 2, bias: false, init: [-4, -2] });
 * applyDeltaRule(m, { gradient: Float64Array.of(1, 2), offset: 0, scale: 1, gradientBias: 0, count: 1 }, { schedule: { kind: 'constant', lr: 0.5 } });
 * m.weights; // Float64Array [-4.5, -3]
 * ```
 */
export function applyDeltaRule(model: LogisticModel, step: DeltaStep, options: UpdateOptions, previous?: Float64Array): boolean {
  // Kept small in bytecode, so that V8 inlines the whole per-sample step into its caller.
  const schedule = options.schedule;
  // A constant rate needs no call (and leaves V8's inlining budget to the rest of the step).
  const mu = schedule.kind === 'constant' ? schedule.lr : learningRateAt(schedule, model.updates);
  const l2 = options.l2 ?? 0;
  const b = model.useBias ? model.bias - mu * step.gradientBias : model.bias;
  const nonFinite =
    previous !== undefined && previous.length >= model.weights.length
      ? stepSaving(model.weights, previous, step, mu, l2) + b * 0
      : stepChecked(model.weights, step, mu, l2, b * 0);
  model.seen += step.count;
  if (nonFinite !== 0) return refuse(model, previous);
  model.bias = b;
  model.updates++;
  return true;
}

/** Writes the step, keeping the old weights in `old`; returns the non-finite flag (v·0 is ±0 for finite v, NaN otherwise). */
function stepSaving(w: Float64Array, old: Float64Array, step: DeltaStep, mu: number, l2: number): number {
  const { gradient, offset, scale } = step;
  let nonFinite = 0;
  if (l2 === 0) for (let i = 0; i < w.length; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (scale * gradient[offset + i]!)) * 0;
  else for (let i = 0; i < w.length; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (scale * gradient[offset + i]! + l2 * old[i]!)) * 0;
  return nonFinite;
}

/** Checks the step, then writes it only if every weight (and the bias: `biasFlag`) stays finite; no scratch needed. */
function stepChecked(w: Float64Array, step: DeltaStep, mu: number, l2: number, biasFlag: number): number {
  const { gradient, offset, scale } = step;
  let nonFinite = biasFlag;
  for (let i = 0; i < w.length; i++) nonFinite += (w[i]! - mu * (scale * gradient[offset + i]! + l2 * w[i]!)) * 0;
  if (nonFinite !== 0) return nonFinite;
  if (l2 === 0) for (let i = 0; i < w.length; i++) w[i] = w[i]! - mu * (scale * gradient[offset + i]!);
  else for (let i = 0; i < w.length; i++) w[i] = w[i]! - mu * (scale * gradient[offset + i]! + l2 * w[i]!);
  return 0;
}

/** Puts back the weights a refused step overwrote (none when it was checked before writing). */
function refuse(model: LogisticModel, previous: Float64Array | undefined): false {
  if (previous !== undefined && previous.length >= model.weights.length) model.weights.set(previous.subarray(0, model.weights.length));
  model.refused++;
  return false;
}

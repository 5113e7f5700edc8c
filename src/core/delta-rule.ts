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

let previous = new Float64Array(16);

/**
 * The delta rule, w ← w − μ·(∂ξ/∂w + λ·w) and b ← b − μ·∂ξ/∂b: the one update
 * that per-sample, mini-batch and full-batch learning all call.
 *
 * The weights' gradient is `scale · gradient`: a batch passes its reduced
 * gradient (scale 1), a single sample passes its inputs x and y − t, so that
 * no gradient vector is built per sample. Each weight moves by
 * `μ·(scale·gradient[i])`, bit for bit the same as with a precomputed vector.
 *
 * A step that would make a weight or the bias NaN or infinite (a huge learning
 * rate, overflowing inputs) is refused: the model keeps its weights and counts
 * it in `refused`. `seen` grows by `count` either way.
 *
 * @param gradient - ∂ξ/∂w (or its direction, see `scale`), length = inputs; not kept
 * @param gradientBias - ∂ξ/∂b, ignored when the model has no bias
 * @param count - samples this step learns from
 * @param scale - factor applied to every `gradient[i]` (default 1)
 * @returns whether the step was taken
 * @example
 * ```ts
 * const m = createModel({ inputs: 2, init: [-4, -2] });
 * applyDeltaRule(m, Float64Array.of(1, 2), 0, 1, { schedule: { kind: 'constant', lr: 0.5 } });
 * m.weights; // Float64Array [-4.5, -3]
 * ```
 */
export function applyDeltaRule(
  model: LogisticModel,
  gradient: ArrayLike<number>,
  gradientBias: number,
  count: number,
  options: UpdateOptions,
  scale = 1,
): boolean {
  // Kept small in bytecode, so that V8 inlines the whole per-sample step into its caller.
  const w = model.weights;
  const d = w.length;
  const old = previous.length >= d ? previous : grow(d);
  const schedule = options.schedule;
  // A constant rate needs no call (and leaves V8's inlining budget to the rest of the step).
  const mu = schedule.kind === 'constant' ? schedule.lr : learningRateAt(schedule, model.updates);
  const l2 = options.l2;
  let nonFinite: number; // v·0 is ±0 for finite v, NaN for NaN and ±Infinity
  if (l2 === undefined || l2 === 0) {
    nonFinite = 0;
    for (let i = 0; i < d; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (scale * gradient[i]!)) * 0;
  } else nonFinite = stepWithL2(w, old, gradient, scale, mu, l2);
  const b = model.useBias ? model.bias - mu * gradientBias : model.bias;
  model.seen += count;
  if (nonFinite + b * 0 !== 0) return refuse(model, old);
  model.bias = b;
  model.updates++;
  return true;
}

/** The weights' step with L2 (apart, so that the plain step stays small): returns the non-finite flag. */
function stepWithL2(w: Float64Array, old: Float64Array, gradient: ArrayLike<number>, scale: number, mu: number, l2: number): number {
  let nonFinite = 0;
  for (let i = 0; i < w.length; i++) nonFinite += (w[i] = (old[i] = w[i]!) - mu * (scale * gradient[i]! + l2 * old[i]!)) * 0;
  return nonFinite;
}

/** Puts back the weights the refused step overwrote. */
function refuse(model: LogisticModel, old: Float64Array): false {
  model.weights.set(old.subarray(0, model.weights.length));
  model.refused++;
  return false;
}

function grow(d: number): Float64Array {
  return (previous = new Float64Array(d));
}

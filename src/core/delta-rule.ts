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

let next = new Float64Array(16);

/**
 * The delta rule, w ← w − μ·(∂ξ/∂w + λ·w) and b ← b − μ·∂ξ/∂b: the one update
 * that per-sample, mini-batch and full-batch learning all call.
 *
 * A step that would make a weight or the bias NaN or infinite (a huge learning
 * rate, overflowing inputs) is refused: the model keeps its weights and counts
 * it in `refused`. `seen` grows by `count` either way.
 *
 * @param gradient - ∂ξ/∂w, already reduced over the batch (length = inputs); not kept
 * @param gradientBias - ∂ξ/∂b, ignored when the model has no bias
 * @param count - samples this step learns from
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
): boolean {
  const w = model.weights;
  const d = w.length;
  if (next.length < d) next = new Float64Array(d);
  const mu = learningRateAt(options.schedule, model.updates);
  const l2 = options.l2 ?? 0;
  let finite = true;
  for (let i = 0; i < d; i++) {
    const wi = w[i]!;
    const v = l2 === 0 ? wi - mu * gradient[i]! : wi - mu * (gradient[i]! + l2 * wi);
    next[i] = v;
    if (v - v !== 0) finite = false; // NaN or ±Infinity
  }
  const b = model.useBias ? model.bias - mu * gradientBias : model.bias;
  model.seen += count;
  if (!finite || b - b !== 0) {
    model.refused++;
    return false;
  }
  for (let i = 0; i < d; i++) w[i] = next[i]!;
  model.bias = b;
  model.updates++;
  return true;
}

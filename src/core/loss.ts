import type { LossSum } from './metrics/loss-sum.js';
import type { Label, Sample } from './sample.js';
import { isSampleBlock } from './sample-block.js';
import type { SampleBlock } from './sample-block.js';
import { logit, logitAt } from './model.js';
import type { LogisticModel } from './model.js';

/**
 * Cross-entropy ξ(t, y) = −t·log(y) − (1 − t)·log(1 − y), taken from the logit z
 * (y = σ(z)) so that it stays finite: −log σ(z) = softplus(−z).
 *
 * A confident wrong prediction costs about |z|: large and finite, never
 * Infinity, for any finite z. An infinite z (from overflowing inputs) is
 * treated as ±Number.MAX_VALUE.
 *
 * @param z - the logit `x·wᵀ (+ b)`
 * @param t - the target label
 * @example
 * ```ts
 * crossEntropyFromLogit(0, 1);     // Math.LN2
 * crossEntropyFromLogit(-1e6, 1);  // 1e6
 * ```
 */
export function crossEntropyFromLogit(z: number, t: Label): number {
  return crossEntropyFromExp(z, t, Math.exp(z < 0 ? z : -z));
}

/**
 * {@link crossEntropyFromLogit} from `e = e^(−|z|)` computed by the caller:
 * softplus(u) = max(u, 0) + log1p(e) with u = −z for t = 1 and u = z for
 * t = 0 (|u| = |z|, so one `e` serves both labels and the logistic, see
 * `logisticFromExp`). Bit-identical to `softplus(t === 1 ? -z : z)`.
 *
 * @param z - the logit
 * @param t - the target label
 * @param e - `Math.exp(-Math.abs(z))`
 * @example
 * ```ts
 * crossEntropyFromExp(-3, 1, Math.exp(-3)) === crossEntropyFromLogit(-3, 1); // true
 * ```
 */
export function crossEntropyFromExp(z: number, t: Label, e: number): number {
  const u = t === 1 ? -z : z;
  if ((z < 0 ? -z : z) > 37) return farLoss(u, e);
  return (u > 0 ? u : 0) + Math.log1p(e);
}

/**
 * The loss past |u| = 37, where log1p(e^(−|u|)) is below half an ulp of |u|
 * (so it is skipped); an infinite logit (overflowing inputs) costs the
 * largest finite loss. Apart so that the hot function stays small enough to inline.
 */
function farLoss(u: number, e: number): number {
  return u > 0 ? (u < Infinity ? u : Number.MAX_VALUE) : e;
}

/**
 * Cross-entropy of a probability y for target t, with y clamped to
 * [1e-300, 1 − 2⁻⁵³] so that log never returns −Infinity. Prefer
 * {@link crossEntropyFromLogit}, which is exact where this must clamp.
 *
 * @example
 * ```ts
 * crossEntropy(0.5, 0); // Math.LN2
 * ```
 */
export function crossEntropy(y: number, t: Label): number {
  const p = Math.min(Math.max(y, 1e-300), 1 - 2 ** -53);
  return t === 1 ? -Math.log(p) : -Math.log1p(-p);
}

/**
 * The mean cross-entropy of a model over samples, the tutorial's `loss(nn(X, w), t)`.
 *
 * @returns the mean loss; NaN for an empty set
 * @example
 * ```ts
 * meanLoss(createModel({ inputs: 2 }), [{ x: [1, 2], t: 1 }]); // Math.LN2
 * ```
 */
export function meanLoss(model: LogisticModel, samples: readonly Sample[]): number {
  let sum = 0;
  for (const s of samples) sum += crossEntropyFromLogit(logit(model, s.x), s.t);
  return Math.min(sum / samples.length, Number.MAX_VALUE);
}

/**
 * Adds the model's loss on every sample of `input` (samples or a block) to `sum`, in order,
 * without learning: a mean over several blocks that never overflows.
 *
 * @example
 * ```ts
 * const sum = new LossSum();
 * for (const block of blocks) addLosses(model, block, sum);
 * sum.mean(total);
 * ```
 */
export function addLosses(model: LogisticModel, input: readonly Sample[] | SampleBlock, sum: LossSum): void {
  if (isSampleBlock(input)) {
    const { x, t, width } = input;
    for (let r = 0; r < input.length; r++) sum.add(crossEntropyFromLogit(logitAt(model, x, r * width), t[r] as Label));
  } else for (const s of input as readonly Sample[]) sum.add(crossEntropyFromLogit(logitAt(model, s.x, 0), s.t));
}

import { softplus } from './logistic.js';
import type { Label, Sample } from './sample.js';
import { logit } from './model.js';
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
  if (z === Infinity) z = Number.MAX_VALUE;
  else if (z === -Infinity) z = -Number.MAX_VALUE;
  return t === 1 ? softplus(-z) : softplus(z);
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

/**
 * The logistic function σ(z) = 1 / (1 + e^(−z)), stable for every finite z.
 *
 * For z ≥ 0 it evaluates `1 / (1 + e^(−z))`; for z < 0 the algebraically equal
 * `e^z / (1 + e^z)`, so `Math.exp` never overflows and no Infinity/Infinity
 * appears. The result is always in [0, 1].
 *
 * @param z - the neuron's input, `x·wᵀ (+ b)`
 * @returns the probability that the sample belongs to class 1
 * @example
 * ```ts
 * logistic(0);     // 0.5
 * logistic(-1e6);  // 0
 * ```
 */
export function logistic(z: number): number {
  return logisticFromExp(z, Math.exp(z < 0 ? z : -z));
}

/**
 * σ(z) from `e = e^(−|z|)` computed by the caller: `1 / (1 + e)` for z ≥ 0,
 * `e / (1 + e)` below. The learning loop computes `e` once and shares it with
 * the loss ({@link crossEntropyFromExp}), sparing one `Math.exp` per sample;
 * the result is bit-identical to {@link logistic}.
 *
 * @param z - the logit
 * @param e - `Math.exp(-Math.abs(z))`
 * @example
 * ```ts
 * logisticFromExp(-2, Math.exp(-2)) === logistic(-2); // true
 * ```
 */
export function logisticFromExp(z: number, e: number): number {
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/**
 * softplus(z) = log(1 + e^z), stable for every z: `max(z, 0) + log1p(e^(−|z|))`.
 *
 * It is the cross-entropy of a logit: −log σ(−z) = softplus(z).
 *
 * @example
 * ```ts
 * softplus(0);    // Math.LN2
 * softplus(1e6);  // 1e6
 * ```
 */
export function softplus(z: number): number {
  const a = z < 0 ? -z : z;
  // Past |z| = 37, log1p(e^(−|z|)) is below half an ulp of |z|: skip the calls.
  if (a > 37) return z > 0 ? z : Math.exp(z);
  return (z > 0 ? z : 0) + Math.log1p(Math.exp(-a));
}

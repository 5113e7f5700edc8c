import type { Label } from './sample.js';

/**
 * The predicted class of a logit z = x·w + b: 1 when z > 0, else 0. The one
 * rule of the whole product (`predictClass`, the progressive accuracy, the
 * dashboard's plane): P(t = 1) = σ(z) > ½ exactly when z > 0, and z = 0
 * predicts 0, as the tutorial's `nn_predict` (NumPy rounds 0.5 to 0).
 * Deciding from z rather than from σ(z) or the loss keeps the rule exact
 * where σ(z) rounds to ½ (0 < z < 1.2·10⁻¹⁶).
 *
 * @example
 * ```ts
 * classOfLogit(0.3); // 1
 * classOfLogit(0);   // 0
 * ```
 */
export function classOfLogit(z: number): Label {
  return z > 0 ? 1 : 0;
}

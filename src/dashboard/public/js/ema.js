// @ts-check
/**
 * Debiased exponential moving average, as TensorBoard's smoothing slider.
 *
 * The running average starts at 0 and is divided by `1 − weightᶜᵒᵘⁿᵗ`, so the
 * first points are not pulled towards zero. Missing values (`null`, NaN,
 * ±Infinity) are skipped: they produce `null` and leave the average alone.
 *
 * @param {ArrayLike<number | null>} values - the raw series
 * @param {number} weight - smoothing in [0, 1) (0 = no smoothing); clamped to [0, 0.999]
 * @returns {(number | null)[]} the smoothed series, same length
 * @example
 * debiasedEma([1, 1, 1], 0.9); // → [1, 1, 1]
 * debiasedEma([1, null, 3], 0); // → [1, null, 3]
 */
export function debiasedEma(values, weight) {
  const w = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 0.999) : 0;
  const out = new Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    out[i] = w === 0 ? v : last / (1 - Math.pow(w, count));
  }
  return out;
}

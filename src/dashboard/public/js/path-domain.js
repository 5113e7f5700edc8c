// @ts-check
/**
 * The surface chart's view: the loss grid's range, widened to hold the whole
 * path of the weights with a margin, so the path never runs off the edge
 * (the server's next grid covers it; until then the part outside is blank).
 */

/** @typedef {[[number, number], [number, number]]} Domain */

/**
 * The bounds of the finite (w1, w2) points, or null when there are none.
 * @param {ArrayLike<number | null>} w1
 * @param {ArrayLike<number | null>} w2
 * @returns {Domain | null}
 */
function bounds(w1, w2) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < w1.length; i++) {
    const a = w1[i];
    const b = w2[i];
    if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (a < x0) x0 = a;
    if (a > x1) x1 = a;
    if (b < y0) y0 = b;
    if (b > y1) y1 = b;
  }
  return x0 <= x1 ? [[x0, x1], [y0, y1]] : null;
}

/**
 * A domain holding `domain` (the grid's range, or null without one) and every
 * point of the path, each axis padded by `fraction` of its span (at least
 * `minPad`) where the path comes within that margin of the edge.
 *
 * @param {Domain | null} domain - the grid's range
 * @param {ArrayLike<number | null>} w1 - the path's first weights
 * @param {ArrayLike<number | null>} w2 - the path's second weights
 * @param {{ fraction?: number, minPad?: number }} [o] - margin (defaults 0.08 and 0.25)
 * @returns {Domain}
 * @example
 * coverPath([[-1, 1], [-1, 1]], [0, 3], [0, 0]); // → x widened past 3, y kept: [[-1, 3.32], [-1, 1]]
 */
export function coverPath(domain, w1, w2, o = {}) {
  const { fraction = 0.08, minPad = 0.25 } = o;
  const path = bounds(w1, w2);
  if (path === null) return domain ?? [[-5, 5], [-5, 5]];
  if (domain === null) {
    return /** @type {Domain} */ (path.map(([lo, hi]) => {
      const pad = Math.max(1, (hi - lo) * 0.2);
      return [lo - pad, hi + pad];
    }));
  }
  return /** @type {Domain} */ (domain.map(([lo, hi], k) => {
    const [plo, phi] = /** @type {[number, number]} */ (path[k]);
    const span = Math.max(hi, phi) - Math.min(lo, plo);
    const pad = Math.max(minPad, span * fraction);
    return [plo - pad < lo ? plo - pad : lo, phi + pad > hi ? phi + pad : hi];
  }));
}

// @ts-check
/**
 * Thinning a curve for drawing: at most about one point per bucket of x,
 * with bucket edges that stay put as the curve grows, so a long run stays a
 * readable line instead of a solid band and the picture does not shimmer.
 * Values drawn above the axis are counted and located instead of cut silently.
 */

/**
 * Picks the rows to draw: the first row of each bucket of `xs`, plus the last
 * row. Buckets are `width` wide, a power of two times 1 chosen so that the
 * span holds at most `maxPoints` of them; edges are multiples of `width`, so
 * a point once drawn stays drawn until the width doubles.
 *
 * @param {ArrayLike<number | null>} xs - increasing x values (null rows are skipped)
 * @param {number} maxPoints - the most rows to draw (≥ 2)
 * @returns {number[]} the indices to draw, increasing
 * @example
 * thinIndices([0, 1, 2, 3, 4, 5, 6, 7, 8], 4); // → [0, 4, 8]
 */
export function thinIndices(xs, maxPoints) {
  const n = xs.length;
  const budget = Math.max(2, Math.floor(maxPoints));
  let first = null;
  let last = null;
  for (let i = 0; i < n && first === null; i++) first = xs[i] ?? null;
  for (let i = n - 1; i >= 0 && last === null; i--) last = xs[i] ?? null;
  const all = [];
  for (let i = 0; i < n; i++) if (xs[i] !== null && xs[i] !== undefined) all.push(i);
  if (all.length <= budget || first === null || last === null || !(last > first)) return all;
  // The -1 keeps room for the final point, drawn in any case.
  let width = 1;
  while ((last - first) / width > budget - 1) width *= 2;
  const kept = [];
  let bucket = -Infinity;
  for (const i of all) {
    const b = Math.floor(/** @type {number} */ (xs[i]) / width);
    if (b !== bucket) {
      kept.push(i);
      bucket = b;
    }
  }
  if (kept[kept.length - 1] !== all[all.length - 1]) kept.push(/** @type {number} */ (all[all.length - 1]));
  return kept;
}

/**
 * The values of `column` at `indices`.
 * @param {ArrayLike<number | null>} column
 * @param {number[]} indices
 * @returns {(number | null)[]}
 */
export function pick(column, indices) {
  return indices.map((i) => column[i] ?? null);
}

/**
 * The values above `top` (drawn as marks on the axis's top edge): how many,
 * the largest, and their x positions, at most one per `minGap` of x.
 *
 * @param {ArrayLike<number | null>} xs
 * @param {ArrayLike<number | null>} ys
 * @param {number} top - the axis's top
 * @param {number} [minGap] - x distance between two marks (default 0: every one)
 * @returns {{ count: number, max: number | null, marks: number[] }}
 * @example
 * clippedAbove([1, 2, 3], [0.5, 9, 7], 2); // → { count: 2, max: 9, marks: [2, 3] }
 */
export function clippedAbove(xs, ys, top, minGap = 0) {
  let count = 0;
  /** @type {number | null} */
  let max = null;
  /** @type {number[]} */
  const marks = [];
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    const x = xs[i];
    if (y === null || y === undefined || !(y > top)) continue;
    count++;
    if (max === null || y > max) max = y;
    if (x === null || x === undefined) continue;
    const previous = marks[marks.length - 1];
    if (previous === undefined || x - previous >= minGap) marks.push(x);
  }
  return { count, max, marks };
}

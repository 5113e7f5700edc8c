import { maxNLocator } from './scales.js';

/**
 * The contour levels matplotlib picks for `contourf(X, Y, Z, n)`: nice values
 * from `MaxNLocator(n + 1)` over the data range, trimmed so that exactly one
 * level lies at or below the minimum and one at or above the maximum
 * (matplotlib's `ContourSet._autolev`). So `n` is an upper bound on the
 * number of bands, as in matplotlib; the tutorial's loss surface, from
 * about 0.3 to 6.9, gets levels 0, 0.5, …, 7 (14 bands).
 *
 * @param zmin - smallest value of the data, finite
 * @param zmax - largest value of the data, finite, ≥ zmin
 * @param n - requested number of levels (default 20, the tutorial's)
 * @returns increasing level values; the filled bands are between neighbours
 * @throws RangeError on a non-finite or reversed range or a bad `n`
 * @example
 * ```ts
 * contourLevels(0.3, 9.7, 20); // [0, 0.5, 1, …, 9.5, 10]
 * ```
 */
export function contourLevels(zmin: number, zmax: number, n = 20): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of contour levels must be a positive integer, got ${String(n)}`);
  const lev = maxNLocator(zmin, zmax, n + 1, 1);
  let i0 = 0;
  for (let i = 0; i < lev.length; i++) if (lev[i]! < zmin) i0 = i;
  let i1 = lev.length;
  for (let i = 0; i < lev.length; i++) {
    if (lev[i]! > zmax) {
      i1 = i + 1;
      break;
    }
  }
  return i1 - i0 < 3 ? lev : lev.slice(i0, i1);
}

/**
 * The smallest and largest finite values of an array.
 *
 * @param values - numbers; NaN and infinities are ignored
 * @throws RangeError when no value is finite
 * @example
 * ```ts
 * finiteExtent([3, NaN, -1]); // [-1, 3]
 * ```
 */
export function finiteExtent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) throw new RangeError(`no finite value among ${values.length} values`);
  return [lo, hi];
}

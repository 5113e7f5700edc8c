/**
 * Error-free transformations of double arithmetic (Dekker, Knuth): the exact
 * rounding error of a sum or a product, without FMA. Used where a result must
 * be correctly rounded: decimal parsing and NumPy's `log`.
 */

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitter

/**
 * The exact error of the product `p = a · b` as computed in doubles: `a·b = p + productError(a, b, p)`.
 *
 * @example
 * ```ts
 * const p = 0.1 * 0.3;
 * productError(0.1, 0.3, p); // 2.7755575615628914e-18 (a·b − p, exactly)
 * ```
 */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * The exact error of the sum `s = a + b` as computed in doubles: `a + b = s + sumError(a, b, s)`.
 *
 * @example
 * ```ts
 * sumError(1, 1e-17, 1 + 1e-17); // 1e-17
 * ```
 */
export function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

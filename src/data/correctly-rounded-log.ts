/**
 * A correctly rounded natural logarithm, for reproducing NumPy's normals.
 *
 * NumPy's `legacy_gauss` calls the C library's `log`, which glibc rounds
 * correctly in all but about 4 of 10,000 arguments; V8's `Math.log` (a port
 * of fdlibm) is off by one ulp in about 3 of 100. Taking V8's result as a first
 * guess and correcting it once in double-double arithmetic (about 32 digits)
 * gives the correctly rounded value, so our normals match NumPy's wherever
 * glibc itself rounds correctly.
 */

import { productError, sumError } from './exact-arithmetic.js';

type DoubleDouble = [hi: number, lo: number];

const LN2: DoubleDouble = [0.6931471805599453, 2.3190468138462996e-17];

function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return [s, sumError(a, b, s)];
}

function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  return [p, productError(a, b, p)];
}

function add(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const [s, e] = twoSum(x[0], y[0]);
  const [hi, lo] = twoSum(s, e + x[1] + y[1]);
  return [hi, lo];
}

function multiply(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const [p, e] = twoProduct(x[0], y[0]);
  return twoSum(p, e + x[0] * y[1] + x[1] * y[0]);
}

/**
 * e^a in double-double, for |a| ≤ 709: a = k·ln2 + r, e^r = (e^(r/2^m))^(2^m) by a short Taylor
 * series. Each squaring doubles the relative error, so m is as small as the series allows:
 * 0 for the tiny arguments near ln x ≈ 0, where the result must be most precise.
 */
function expDoubleDouble(a: number): DoubleDouble {
  const k = Math.round(a / LN2[0]);
  const r = add([a, 0], multiply(LN2, [-k, 0]));
  const m = Math.abs(r[0]) < 3.4e-4 ? 0 : 10;
  const scaleDown = 2 ** -m;
  const s: DoubleDouble = [r[0] * scaleDown, r[1] * scaleDown]; // exact: a power of two
  // Σ sⁿ/n! for n ≤ 9: |s| < 3.4e-4, so the first term left out is below 1e-37.
  let term: DoubleDouble = [1, 0];
  let sum: DoubleDouble = [1, 0];
  for (let n = 1; n <= 9; n++) {
    term = multiply(term, s);
    term = [term[0] / n, term[1] / n];
    term = twoSum(term[0], term[1]);
    sum = add(sum, term);
  }
  for (let i = 0; i < m; i++) sum = multiply(sum, sum);
  const scale = 2 ** k;
  return [sum[0] * scale, sum[1] * scale];
}

/**
 * ln(x), correctly rounded to the nearest double for positive finite x
 * (NaN, 0, negative and infinite arguments as `Math.log`).
 *
 * @example
 * ```ts
 * correctlyRoundedLog(0.5) === -Math.LN2; // true
 * ```
 */
export function correctlyRoundedLog(x: number): number {
  const y = Math.log(x);
  if (!(x > 0) || x === Infinity || y === 0) return y;
  if (x < 1e-300) return y; // e^(−y) would overflow the reduction below; never reached by the normals' r2 in practice
  // ln x = y + ln(x·e^(−y)) = y + ln(1 + t), t tiny (one ulp or so): ln(1 + t) = t − t²/2.
  const e = expDoubleDouble(-y);
  const xe = multiply([x, 0], e);
  const t = add(xe, [-1, 0]);
  const correction = t[0] + t[1] - (t[0] * t[0]) / 2;
  return twoSum(y, correction)[0];
}

/**
 * Exact decimal-to-double conversion for the digits a scanner has already
 * read, without building a string for `Number()`.
 *
 * `Number(string)` costs about 100 ns for a 17-digit number (a runtime call);
 * the sample scanners read two or more per line, so they compute the double
 * here instead, and fall back to `Number()` only in the rare cases this code
 * cannot decide. Every result is the correctly rounded double (round half to
 * even), hence bit-identical to `Number()` and `JSON.parse`.
 *
 * @module
 */
import { productError } from './exact-arithmetic.js';

/** Exact powers of ten: every 10^k with k ≤ 22 is a double. */
const POW10 = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/**
 * While the high part of a significand is below this, `high * 10 + digit`
 * stays below 2^53 and is exact. Scanners accumulate digits into the high part
 * until it reaches this bound, then into the low part.
 */
export const SIGNIFICAND_HIGH_LIMIT = 900719925474099;

/** The most digits the low part may hold. */
export const SIGNIFICAND_LOW_DIGITS = 6;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;

/**
 * The double nearest to `(high · 10^lowDigits + low) · 10^exponent`, or NaN
 * when this fast path cannot decide and the caller must use `Number()`.
 *
 * Decides when the significand is exact (`lowDigits` = 0: Clinger's fast path,
 * one correctly rounded IEEE operation with |exponent| ≤ 22), and for longer
 * significands (17 to 21 digits) with −22 ≤ exponent ≤ 0, through an
 * error-free double-double quotient: the result is `q1 + q2`, rounded once,
 * unless the true value lies within 2^−32 ulp of a rounding boundary (then
 * NaN). The double-double error is below 2^−49 ulp, so no wrong rounding can
 * pass the check.
 *
 * @param high - the leading digits as an integer below 2^53
 * @param low - the following `lowDigits` digits as an integer
 * @param lowDigits - how many digits `low` holds, 0 to {@link SIGNIFICAND_LOW_DIGITS}
 * @param exponent - the power of ten applied to the whole significand
 * @example
 * ```ts
 * decimalToDouble(15, 0, 0, -1);              // 1.5
 * decimalToDouble(2526545528310718, 8, 1, -16); // 2.5265455283107188, as Number('2.5265455283107188')
 * ```
 */
export function decimalToDouble(high: number, low: number, lowDigits: number, exponent: number): number {
  if (lowDigits === 0) {
    if (high === 0 || exponent === 0) return high;
    if (exponent > 0) return exponent <= 22 ? high * POW10[exponent]! : NaN;
    return exponent >= -22 ? high / POW10[-exponent]! : NaN;
  }
  if (exponent > 0 || exponent < -22 || lowDigits > SIGNIFICAND_LOW_DIGITS) return NaN;
  // S = high · 10^lowDigits + low, exactly as s + c (c ≪ ulp(s)).
  const scale = POW10[lowDigits]!;
  const p = high * scale;
  const pe = productError(high, scale, p);
  const s = p + low;
  const back = s - p;
  const se = p - (s - back) + (low - back);
  const c = se + pe;
  if (s === 0) return 0;
  // S / D = q1 + rem / D, with rem = S − q1·D computed almost exactly.
  const d = POW10[-exponent]!;
  const q1 = s / d;
  const m = q1 * d;
  const me = productError(q1, d, m);
  const q2 = (s - m - me + c) / d;
  // q1 + q2 rounds correctly unless a midpoint between doubles is too close.
  bits[0] = q1;
  const hi = words[HIGH_WORD]!;
  if ((hi & 0xfffff) === 0 && words[1 - HIGH_WORD] === 0) return NaN; // a power of two: the ulp below is smaller
  bits[0] = 0;
  words[HIGH_WORD] = (hi & 0x7ff00000) - 0x03400000; // 2^(e − 52): the ulp of q1
  const ulp = bits[0];
  const a = Math.abs(q2);
  const tolerance = ulp * 2.3283064365386963e-10; // 2^−32 ulp
  if (a >= ulp * 1.5 - tolerance || Math.abs(a - ulp * 0.5) <= tolerance) return NaN;
  return q1 + q2;
}

/**
 * A fast softplus for sweeping loss surfaces: log1p(e^(−|z|)) by cubic Hermite
 * interpolation on a table with step 1/512 over [0, 40], absolute error below
 * 5·10⁻¹⁵ (h⁴/384 · max|f⁗|), about five times faster than `Math.exp` plus
 * `Math.log1p`. Learning never uses it: only the surface, where 10⁸
 * evaluations must fit in well under a second.
 */
const STEPS_PER_UNIT = 512;
const LIMIT = 40;
const SIZE = LIMIT * STEPS_PER_UNIT + 2;
const H = 1 / STEPS_PER_UNIT;

const value = new Float64Array(SIZE);
const slope = new Float64Array(SIZE); // h·f'(u), pre-scaled for the Hermite basis
for (let k = 0; k < SIZE; k++) {
  const u = k * H;
  const e = Math.exp(-u);
  value[k] = Math.log1p(e);
  slope[k] = (-e / (1 + e)) * H;
}

/**
 * softplus(z) = log(1 + e^z) to within 5·10⁻¹⁵ absolute, from the table.
 *
 * @example
 * ```ts
 * Math.abs(softplusFromTable(0.3) - softplus(0.3)) < 1e-14; // true
 * ```
 */
export function softplusFromTable(z: number): number {
  const a = z < 0 ? -z : z;
  const pos = z > 0 ? z : 0;
  if (a >= LIMIT) return pos;
  const s = a * STEPS_PER_UNIT;
  const k = s | 0;
  const t = s - k;
  const t2 = t * t;
  const t3 = t2 * t;
  const h01 = 3 * t2 - 2 * t3;
  return pos + (1 - h01) * value[k]! + h01 * value[k + 1]! + (t3 - 2 * t2 + t) * slope[k]! + (t3 - t2) * slope[k + 1]!;
}

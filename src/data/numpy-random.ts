/**
 * A port of NumPy's legacy `RandomState(seed)` for integer seeds, bit for bit
 * up to the C library's `log`: enough of it (`random_sample`, `randn`,
 * `standard_normal`) to regenerate the tutorial's data set without Python.
 *
 * What matches NumPy: the MT19937 engine seeded by `init_genrand(seed)`
 * (NumPy's `mt19937_seed`), the 53-bit doubles of `genrand_res53`
 * (NumPy's `legacy_double`), and the polar (Marsaglia) normal method of
 * NumPy's `legacy_gauss`, including its cached second value. The 32-bit words
 * and `randomSample()` are identical to NumPy's. Normals depend on `log`:
 * `legacy_gauss` calls the C library's, which glibc rounds correctly in all
 * but about 4 of 10,000 arguments, while V8's `Math.log` is one ulp off in
 * about 3 of 100. We use {@link correctlyRoundedLog}, so a normal differs from
 * NumPy's (by an ulp) only where glibc itself rounds wrongly. The difference
 * never spreads: `log` does not touch the generator's state or the polar
 * method's accept/reject decision.
 *
 * What is ours: the TypeScript API (class, method names, `randn` returning
 * nested arrays) and the MT19937 code itself, written by hand because
 * `@stdlib/random-base-mt19937` rejects seed 0 (its seed check requires a
 * positive integer), while `np.random.seed(0)` is valid NumPy. The tests
 * check our words against that package for other seeds.
 *
 * @module
 */

import { correctlyRoundedLog } from './correctly-rounded-log.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_26 = 67108864;
const TWO_53 = 9007199254740992;
const MAX_SEED = 0xffffffff;

/**
 * NumPy's legacy random generator (`np.random.seed(int)` /
 * `np.random.RandomState(int)`): the same MT19937 words and uniforms, and the
 * same normals up to an ulp or two from `log` (see the module notes).
 *
 * @param seed - An integer in `0 … 2**32 - 1`, as NumPy accepts; anything else
 *   throws a `RangeError`.
 *
 * @example
 * ```ts
 * const rs = new NumpyRandomState(1);
 * rs.randn(2, 2); // same as np.random.seed(1); np.random.randn(2, 2)
 * // [[1.6243453636632417, -0.6117564136500754],
 * //  [-0.5281717522634557, -1.0729686221561705]]
 * ```
 */
export class NumpyRandomState {
  /** The seed this generator started from. */
  readonly seed: number;
  readonly #mt = new Uint32Array(N);
  #index = N;
  #hasGauss = false;
  #gauss = 0;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(
        `NumpyRandomState: seed must be an integer in 0..4294967295 (as NumPy's legacy seeding), got ${String(seed)}`,
      );
    }
    this.seed = seed;
    // init_genrand: mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >>> 30)) + i (mod 2**32).
    const mt = this.#mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
  }

  /**
   * The next 32-bit word of MT19937 (`genrand_int32`), an integer in `0 … 2**32 - 1`.
   *
   * @example
   * ```ts
   * new NumpyRandomState(1).nextUint32(); // 1791095845
   * ```
   */
  nextUint32(): number {
    if (this.#index >= N) this.#twist();
    let y = this.#mt[this.#index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A double in `[0, 1)` with 53 random bits (`genrand_res53`), as NumPy's
   * `random_sample()`.
   *
   * @example
   * ```ts
   * new NumpyRandomState(1).randomSample(); // 0.417022004702574
   * ```
   */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_26 + b) / TWO_53;
  }

  /**
   * One standard normal draw, as NumPy's legacy `standard_normal()` / `randn()`:
   * the polar method, which makes two values and returns the cached one next.
   *
   * @example
   * ```ts
   * new NumpyRandomState(1).standardNormal(); // 1.6243453636632417
   * ```
   */
  standardNormal(): number {
    if (this.#hasGauss) {
      this.#hasGauss = false;
      const cached = this.#gauss;
      this.#gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * correctlyRoundedLog(r2)) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /**
   * Standard normal draws shaped like NumPy's `randn(rows)` (a flat array) or
   * `randn(rows, cols)` (rows of `cols` values, filled row-major as NumPy does).
   *
   * @param rows - Number of values (1-D) or rows (2-D), an integer ≥ 0.
   * @param cols - Number of columns, an integer ≥ 0; omitted for a 1-D result.
   *
   * @example
   * ```ts
   * const rs = new NumpyRandomState(1);
   * rs.randn(3);    // 3 numbers
   * rs.randn(20, 2); // 20 rows of 2, continuing the same stream
   * ```
   */
  randn(rows: number): number[];
  randn(rows: number, cols: number): number[][];
  randn(rows: number, cols?: number): number[] | number[][] {
    checkCount('rows', rows);
    if (cols === undefined) {
      return Array.from({ length: rows }, () => this.standardNormal());
    }
    checkCount('cols', cols);
    return Array.from({ length: rows }, () =>
      Array.from({ length: cols }, () => this.standardNormal()),
    );
  }

  #twist(): void {
    const mt = this.#mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
      mt[kk] = mt[kk + M - N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#index = 0;
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`NumpyRandomState.randn: ${name} must be an integer ≥ 0, got ${String(value)}`);
  }
}

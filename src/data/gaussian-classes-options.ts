/** How class labels follow one another in {@link GaussianClassesOptions}. */
export type ClassOrder = 'grouped' | 'interleaved' | 'shuffled';

/** Slow rotation of the class means, so the best boundary moves over time. */
export interface ClassDrift {
  /**
   * Samples for one full turn of the means about their midpoint, > 0. Sample
   * `n` is drawn around means turned by the angle `2π·n/period`.
   */
  period: number;
}

/** Options of `gaussianClasses` and `gaussianClassStream`. */
export interface GaussianClassesOptions {
  /** Seed of the generator (required); a number `s` is used as the string `String(s)`. */
  seed: string | number;
  /**
   * Means of class 0 then class 1, both of the same length, which is the number
   * of inputs. Default {@link DEFAULT_CLASS_MEANS} ([[-1, 0], [1, 0]], the tutorial's).
   */
  means?: readonly [readonly number[], readonly number[]];
  /** Standard deviation, one for all inputs or one per input, each ≥ 0. Default 1. */
  spread?: number | readonly number[];
  /** Samples per class (total `2·perClass`), an integer ≥ 1. Default: endless stream. */
  perClass?: number;
  /** Total samples, an integer ≥ 1 (instead of `perClass`). Default: endless stream. */
  count?: number;
  /**
   * `'interleaved'` (default): labels 0, 1, 0, 1, …;
   * `'grouped'`: all of class 0 then all of class 1 (needs `perClass` or `count`);
   * `'shuffled'`: a seeded random order, balanced when finite (a seeded coin per sample when endless).
   */
  order?: ClassOrder;
  /** Rotate the means about their midpoint; default none. Needs at least 2 inputs. */
  drift?: ClassDrift;
}

/** The default class means: the tutorial's red (-1, 0) and blue (1, 0). */
export const DEFAULT_CLASS_MEANS: readonly [readonly number[], readonly number[]] = Object.freeze([
  Object.freeze([-1, 0]),
  Object.freeze([1, 0]),
]) as readonly [readonly number[], readonly number[]];

/** Validated, normalised {@link GaussianClassesOptions}. */
export interface GaussianClassesConfig {
  /** The seed as seedrandom takes it (`String(seed)`). */
  readonly seed: string;
  /** Copies of the class means, class 0 then class 1. */
  readonly means: readonly [readonly number[], readonly number[]];
  /** One standard deviation per input. */
  readonly spread: readonly number[];
  /** Total samples; `Infinity` for an endless stream. */
  readonly total: number;
  /** Label order. */
  readonly order: ClassOrder;
  /** Samples per full turn; `undefined` without drift. */
  readonly period: number | undefined;
}

const ORDERS: readonly ClassOrder[] = ['grouped', 'interleaved', 'shuffled'];

/**
 * Checks {@link GaussianClassesOptions} and fills in the defaults.
 *
 * @param options - The options to check.
 * @param where - Name used at the start of error messages.
 * @throws RangeError naming the bad field and value.
 *
 * @example
 * ```ts
 * resolveGaussianClassesOptions({ seed: 7, perClass: 5 }, 'demo').total; // 10
 * ```
 */
export function resolveGaussianClassesOptions(
  options: GaussianClassesOptions,
  where: string,
): GaussianClassesConfig {
  const fail: (msg: string) => never = (msg) => raise(where, msg);
  if (options === null || typeof options !== 'object') fail('options must be an object with at least a seed');
  const { seed, perClass, count, drift } = options;
  if (typeof seed === 'number' ? !Number.isFinite(seed) : typeof seed !== 'string') {
    fail(`seed is required and must be a string or a finite number, got ${String(seed)}`);
  }
  const means = checkClassMeans(options.means ?? DEFAULT_CLASS_MEANS, where);
  const [m0, m1] = means;
  const dim = m0.length;
  const rawSpread = options.spread ?? 1;
  const spread = typeof rawSpread === 'number' ? new Array<number>(dim).fill(rawSpread) : rawSpread;
  if (!Array.isArray(spread) || spread.length !== dim) {
    fail(`spread must be a number or an array of ${dim} numbers (one per input)`);
  }
  spread.forEach((s, k) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
      fail(`spread${typeof rawSpread === 'number' ? '' : `[${k}]`} must be a finite number ≥ 0, got ${String(s)}`);
    }
  });
  if (perClass !== undefined && count !== undefined) fail('give perClass or count, not both');
  if (perClass !== undefined && (!Number.isInteger(perClass) || perClass < 1)) {
    fail(`perClass must be an integer ≥ 1, got ${String(perClass)}`);
  }
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    fail(`count must be an integer ≥ 1, got ${String(count)}`);
  }
  const total = count ?? (perClass === undefined ? Infinity : 2 * perClass);
  const order = options.order ?? 'interleaved';
  if (!ORDERS.includes(order)) fail(`order must be one of ${ORDERS.join(', ')}, got ${String(order)}`);
  if (order === 'grouped' && total === Infinity) fail("order 'grouped' needs perClass or count (an endless stream never reaches class 1)");
  let period: number | undefined;
  if (drift !== undefined) {
    if (drift === null || typeof drift !== 'object') fail('drift must be an object { period }');
    if (typeof drift.period !== 'number' || !Number.isFinite(drift.period) || drift.period <= 0) {
      fail(`drift.period must be a finite number > 0 (samples per full turn), got ${String(drift.period)}`);
    }
    if (dim < 2) fail('drift needs at least 2 inputs: the means turn in the plane of the first two');
    period = drift.period;
  }
  return { seed: String(seed), means: [m0.slice(), m1.slice()], spread: spread.slice(), total, order, period };
}

/**
 * Checks a pair of class means: two non-empty arrays of finite numbers, of the
 * same length.
 *
 * @param means - The value to check (untrusted).
 * @param where - Name used at the start of error messages.
 * @returns The same means, typed.
 * @throws RangeError naming the bad entry, e.g. `means[1][0]`.
 *
 * @example
 * ```ts
 * checkClassMeans([[-1, 0], [1, 0]], 'demo'); // ok
 * checkClassMeans([[-1, 0], [1]], 'demo');    // throws RangeError
 * ```
 */
export function checkClassMeans(
  means: unknown,
  where: string,
): readonly [readonly number[], readonly number[]] {
  if (!Array.isArray(means) || means.length !== 2) raise(where, 'means must be two arrays: class 0, then class 1');
  const [m0, m1] = means as unknown[];
  if (!Array.isArray(m0) || !Array.isArray(m1) || m0.length < 1 || m0.length !== m1.length) {
    raise(where, 'means[0] and means[1] must be non-empty arrays of the same length (the number of inputs)');
  }
  [m0, m1].forEach((mean: unknown[], c) =>
    mean.forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        raise(where, `means[${c}][${k}] must be a finite number, got ${String(v)}`);
      }
    }),
  );
  return means as [number[], number[]];
}

function raise(where: string, msg: string): never {
  throw new RangeError(`${where}: ${msg}`);
}

/**
 * The class means in force for sample `n`: without drift the given means; with
 * drift, each mean's offset from the midpoint turned by `2π·n/period` in the
 * plane of the first two inputs (other inputs unchanged).
 *
 * @param means - Class 0 and class 1 means, same length.
 * @param period - Samples per full turn; `undefined` for no drift.
 * @param n - Index of the sample (0 for the first).
 * @returns Fresh arrays `[mean0, mean1]`.
 *
 * @example
 * ```ts
 * classMeansAt([[-1, 0], [1, 0]], 400, 100); // ≈ [[0, -1], [0, 1]] (a quarter turn)
 * ```
 */
export function classMeansAt(
  means: readonly [readonly number[], readonly number[]],
  period: number | undefined,
  n: number,
): [number[], number[]] {
  const m0 = means[0].slice();
  const m1 = means[1].slice();
  if (period === undefined) return [m0, m1];
  const angle = (2 * Math.PI * n) / period;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const mid0 = (m0[0]! + m1[0]!) / 2;
  const mid1 = (m0[1]! + m1[1]!) / 2;
  const o0 = m0[0]! - mid0;
  const o1 = m0[1]! - mid1;
  const r0 = o0 * c - o1 * s;
  const r1 = o0 * s + o1 * c;
  m0[0] = mid0 + r0;
  m0[1] = mid1 + r1;
  m1[0] = mid0 - r0;
  m1[1] = mid1 - r1;
  return [m0, m1];
}

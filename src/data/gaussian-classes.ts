import seedrandom from 'seedrandom';
import type { Label, Sample } from '../core/sample.js';
import {
  classMeansAt,
  resolveGaussianClassesOptions,
  type GaussianClassesConfig,
  type GaussianClassesOptions,
} from './gaussian-classes-options.js';

/**
 * A replayable stream of two-class Gaussian samples: every call of
 * `[Symbol.iterator]()` starts again from the seed, so each pass yields the
 * very same samples.
 */
export interface GaussianClassStream extends Iterable<Sample> {
  /** Number of inputs of each sample (the length of the means). */
  readonly inputs: number;
  /** Samples per pass; `Infinity` when endless. */
  readonly size: number;
}

/**
 * A finite, seeded sample of two Gaussian classes (class 0 around `means[0]`,
 * class 1 around `means[1]`), in any number of inputs.
 *
 * @param options - See {@link GaussianClassesOptions}; `seed` is required and
 *   `perClass` or `count` must be given. Defaults: means `[[-1, 0], [1, 0]]`,
 *   spread 1, order `'interleaved'`, no drift.
 * @returns `count` (or `2·perClass`) samples; the same seed gives the same samples.
 * @throws RangeError naming the bad option.
 *
 * @example
 * ```ts
 * const samples = gaussianClasses({ seed: 'demo', perClass: 50, order: 'shuffled' });
 * samples.length; // 100
 * samples.filter((s) => s.t === 1).length; // 50
 * ```
 */
export function gaussianClasses(options: GaussianClassesOptions): Sample[] {
  const config = resolveGaussianClassesOptions(options, 'gaussianClasses');
  if (config.total === Infinity) {
    throw new RangeError('gaussianClasses: give perClass or count (use gaussianClassStream for an endless stream)');
  }
  return Array.from(generate(config));
}

/**
 * A seeded stream of two Gaussian classes that replays identically on every
 * pass: endless unless `perClass` or `count` is given, so an RxJS source can
 * wrap it (`from(stream)`) and a re-subscription sees the same samples.
 *
 * With `drift: { period }` the two means turn about their midpoint by
 * `2π·n/period` at sample `n` (in the plane of the first two inputs), so the
 * best decision boundary turns with them: a concept drift for online learners.
 *
 * @param options - See {@link GaussianClassesOptions}; `seed` is required.
 * @returns An iterable whose every iterator restarts from the seed.
 * @throws RangeError naming the bad option.
 *
 * @example
 * ```ts
 * const stream = gaussianClassStream({ seed: 42, drift: { period: 2000 } });
 * const first = stream[Symbol.iterator]().next().value; // { x: [..., ...], t: 0 }
 * const again = stream[Symbol.iterator]().next().value; // the same sample
 * ```
 */
export function gaussianClassStream(options: GaussianClassesOptions): GaussianClassStream {
  const config = resolveGaussianClassesOptions(options, 'gaussianClassStream');
  return {
    inputs: config.means[0].length,
    size: config.total,
    [Symbol.iterator]: () => generate(config),
  };
}

function* generate(config: GaussianClassesConfig): Generator<Sample, void, undefined> {
  const normal = normalSource(seedrandom(config.seed));
  const labels = labelSource(config);
  const { spread, period } = config;
  const fixed = period === undefined ? classMeansAt(config.means, undefined, 0) : undefined;
  for (let n = 0; n < config.total; n++) {
    const t = labels(n);
    const mean = (fixed ?? classMeansAt(config.means, period, n))[t];
    const x = mean.map((m, k) => m + spread[k]! * normal());
    yield { x, t };
  }
}

/** Seeded standard normals by Box–Muller from seedrandom's 53-bit uniforms (two per pair, second one cached). */
function normalSource(rng: seedrandom.PRNG): () => number {
  let cached: number | undefined;
  return () => {
    if (cached !== undefined) {
      const value = cached;
      cached = undefined;
      return value;
    }
    const u1 = 1 - rng.double(); // in (0, 1]: log(u1) is finite
    const u2 = rng.double();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    cached = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** The label of sample n, from its own seeded generator so labels and inputs don't interfere. */
function labelSource(config: GaussianClassesConfig): (n: number) => Label {
  const { order, total } = config;
  if (order === 'interleaved') return (n) => (n % 2 === 0 ? 0 : 1);
  const firstOfClass1 = Math.ceil(total / 2);
  if (order === 'grouped') return (n) => (n < firstOfClass1 ? 0 : 1);
  const rng = seedrandom(`${config.seed}\u0000labels`);
  if (total === Infinity) return () => (rng.double() < 0.5 ? 0 : 1);
  // Balanced: ceil(total/2) zeros and floor(total/2) ones, Fisher–Yates shuffled.
  const labels: Label[] = Array.from({ length: total }, (_, i) => (i < firstOfClass1 ? 0 : 1));
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(rng.double() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return (n) => labels[n]!;
}

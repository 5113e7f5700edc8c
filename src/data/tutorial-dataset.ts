import type { Label, Sample } from '../core/sample.js';
import { checkClassMeans } from './gaussian-classes-options.js';
import { NumpyRandomState } from './numpy-random.js';

/** The tutorial's seed: `np.random.seed(seed=1)`. */
export const TUTORIAL_SEED = 1;

/** The tutorial's `nb_of_samples_per_class`. */
export const TUTORIAL_PER_CLASS = 20;

/** The tutorial's class means: red stars (t = 0) at (-1, 0), blue circles (t = 1) at (1, 0). */
export const TUTORIAL_MEANS: readonly [readonly number[], readonly number[]] = Object.freeze([
  Object.freeze([-1, 0]),
  Object.freeze([1, 0]),
]) as readonly [readonly number[], readonly number[]];

/** Options of {@link tutorialDataset}; every default is the tutorial's. */
export interface TutorialDatasetOptions {
  /** NumPy legacy seed, an integer in `0 … 2**32 - 1`. Default {@link TUTORIAL_SEED} (1). */
  seed?: number;
  /** Samples drawn for each class, an integer ≥ 1. Default {@link TUTORIAL_PER_CLASS} (20). */
  perClass?: number;
  /**
   * Means of class 0 (red) and class 1 (blue); both of the same length, which is
   * the number of inputs. Default {@link TUTORIAL_MEANS} ([[-1, 0], [1, 0]]).
   */
  means?: readonly [readonly number[], readonly number[]];
}

/** The data set of {@link tutorialDataset}, in the tutorial's order (red, then blue). */
export interface TutorialDataset {
  /** Inputs, one row per sample: `np.vstack((x_red, x_blue))`. */
  readonly X: number[][];
  /** Targets: 0 for each red star, then 1 for each blue circle. */
  readonly t: Label[];
  /** The same rows as samples (copies of the rows of `X`). */
  readonly samples: Sample[];
  /** The class means used, class 0 then class 1. */
  readonly means: readonly [readonly number[], readonly number[]];
  /** Samples per class. */
  readonly perClass: number;
  /** The NumPy seed used. */
  readonly seed: number;
}

/**
 * The tutorial's two Gaussian classes, regenerated as NumPy does:
 * `np.random.seed(1)`, `x_red = randn(20, 2) + (-1, 0)`,
 * `x_blue = randn(20, 2) + (1, 0)`, red labelled 0 and blue labelled 1.
 * With the defaults, 79 of the 80 coordinates are bit-identical to NumPy 1.24
 * on glibc and the last differs by one ulp (from `log`, see {@link NumpyRandomState}).
 *
 * @param options - Seed, samples per class and means; defaults are the tutorial's.
 * @returns `X`, `t` and `samples` (red first, then blue), plus the constants used.
 * @throws RangeError for a bad seed, `perClass` or `means`, naming the field.
 *
 * @example
 * ```ts
 * const { X, t, samples } = tutorialDataset();
 * X.length;     // 40
 * X[0];         // [0.6243453636632417, -0.6117564136500754]
 * t[39];        // 1
 * samples[0].t; // 0
 * ```
 */
export function tutorialDataset(options: TutorialDatasetOptions = {}): TutorialDataset {
  const seed = options.seed ?? TUTORIAL_SEED;
  const perClass = options.perClass ?? TUTORIAL_PER_CLASS;
  const means = options.means ?? TUTORIAL_MEANS;
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new RangeError(`tutorialDataset: perClass must be an integer ≥ 1, got ${String(perClass)}`);
  }
  checkClassMeans(means, 'tutorialDataset');
  const rs = new NumpyRandomState(seed);
  const dim = means[0].length;
  const X: number[][] = [];
  const t: Label[] = [];
  for (const label of [0, 1] as const) {
    const mean = means[label];
    for (const row of rs.randn(perClass, dim)) {
      X.push(row.map((v, k) => v + mean[k]!));
      t.push(label);
    }
  }
  const samples = X.map((row, i): Sample => ({ x: row.slice(), t: t[i]! }));
  return {
    X,
    t,
    samples,
    means: [means[0].slice(), means[1].slice()],
    perClass,
    seed,
  };
}

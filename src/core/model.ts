import seedrandom from 'seedrandom';
import { logistic } from './logistic.js';
import { classOfLogit } from './predicted-class.js';
import { TRAINER_DEFAULTS } from './trainer-config.js';
import type { Label } from './sample.js';

/**
 * A logistic neuron `y = σ(x·wᵀ + b)`: its live state.
 *
 * The learning functions mutate it in place (one allocation-free step per
 * sample). Hand out copies ({@link cloneModel}) to anyone who must not see it
 * change.
 */
export interface LogisticModel {
  /** One weight per input. */
  readonly weights: Float64Array;
  /** The bias term; stays 0 when `useBias` is false. */
  bias: number;
  /** Whether the bias learns. Without it the boundary passes through the origin, as in the tutorial. */
  readonly useBias: boolean;
  /** Samples learned from. */
  seen: number;
  /** Delta-rule steps taken: the schedule's k. */
  updates: number;
  /** Steps refused because they would have made a weight NaN or infinite. */
  refused: number;
}

/** Options of {@link createModel}. */
export interface ModelOptions {
  /** Number of inputs (features), at least 1. */
  inputs: number;
  /** Learn a bias term (default true; false reproduces the tutorial's boundary through the origin). */
  bias?: boolean;
  /** Initial weights (default zeros), `inputs` finite numbers. */
  init?: readonly number[];
  /** Initial bias (default 0). */
  initBias?: number;
  /** Seed for small random initial weights in [−0.01, 0.01), used when `init` is not given. */
  seed?: string | number;
}

/**
 * Makes a model with zero, given or seeded-random initial weights.
 *
 * @throws RangeError when `inputs` is not a positive integer or `init` has the wrong length or a non-finite value
 * @example
 * ```ts
 * const m = createModel({ inputs: 2, bias: false, init: [-4, -2] });
 * m.weights; // Float64Array [-4, -2]
 * ```
 */
export function createModel(options: ModelOptions): LogisticModel {
  const { inputs, bias = TRAINER_DEFAULTS.bias, init, initBias = 0, seed } = options;
  if (!Number.isInteger(inputs) || inputs < 1) {
    throw new RangeError(`inputs must be a positive integer, got ${String(inputs)}`);
  }
  const weights = new Float64Array(inputs);
  if (init !== undefined) {
    if (init.length !== inputs) {
      throw new RangeError(`init has ${init.length} weights, expected ${inputs}`);
    }
    init.forEach((w, i) => {
      if (!Number.isFinite(w)) throw new RangeError(`init[${i}] is not a finite number: ${String(w)}`);
      weights[i] = w;
    });
  } else if (seed !== undefined) {
    const rng = seedrandom(String(seed));
    for (let i = 0; i < inputs; i++) weights[i] = (rng() - 0.5) * 0.02;
  }
  if (!Number.isFinite(initBias)) throw new RangeError(`initBias is not a finite number: ${String(initBias)}`);
  return { weights, bias: bias ? initBias : 0, useBias: bias, seen: 0, updates: 0, refused: 0 };
}

/**
 * A deep copy that shares no memory with the original.
 *
 * @example
 * ```ts
 * const copy = cloneModel(m); copy.weights[0] = 9; // m is unchanged
 * ```
 */
export function cloneModel(model: LogisticModel): LogisticModel {
  return { ...model, weights: Float64Array.from(model.weights) };
}

/**
 * The logit z = x·wᵀ + b.
 *
 * Finite for finite inputs: where the sum overflows (features near ±1e300 times
 * large weights) it saturates at ±Number.MAX_VALUE with the right sign instead of
 * becoming ±Infinity or NaN.
 *
 * @param x - inputs, as many as the model has weights (not checked here: this is the hot path)
 * @example
 * ```ts
 * logit(createModel({ inputs: 2, init: [1, 2] }), [3, 4]); // 11
 * ```
 */
export function logit(model: LogisticModel, x: ArrayLike<number>): number {
  return logitAt(model, x, 0);
}

/**
 * {@link logit} of the inputs at `x[offset …]`: a row of a `SampleBlock`'s features.
 *
 * @example
 * ```ts
 * logitAt(model, block.x, r * block.width);
 * ```
 */
export function logitAt(model: LogisticModel, x: ArrayLike<number>, offset: number): number {
  const w = model.weights;
  let z = model.bias;
  for (let i = 0; i < w.length; i++) z += w[i]! * x[offset + i]!;
  return z - z === 0 ? z : saturatedLogit(model, x, offset);
}

/**
 * The logit when the plain sum overflowed (a term ±Infinity, or Infinity − Infinity = NaN):
 * the sum is taken with every factor scaled into [−1, 1], then scaled back and clipped to
 * ±Number.MAX_VALUE, so the sign is right and the value finite. NaN only for NaN inputs.
 */
function saturatedLogit(model: LogisticModel, x: ArrayLike<number>, offset: number): number {
  const w = model.weights;
  let sw = Math.abs(model.bias);
  let sx = 1;
  for (let i = 0; i < w.length; i++) {
    sw = Math.max(sw, Math.abs(w[i]!));
    sx = Math.max(sx, Math.abs(x[offset + i]!));
  }
  if (Number.isNaN(sw) || Number.isNaN(sx)) return NaN;
  if (sw === 0) return 0;
  let scaled = model.bias / sw / sx;
  for (let i = 0; i < w.length; i++) scaled += (w[i]! / sw) * (x[offset + i]! / sx);
  const z = scaled * sw * sx;
  return Math.min(Math.max(z, -Number.MAX_VALUE), Number.MAX_VALUE);
}

/**
 * P(t = 1 | x, w): the tutorial's `nn(x, w)`, always in [0, 1].
 *
 * @example
 * ```ts
 * predictProba(createModel({ inputs: 2 }), [1, 1]); // 0.5
 * ```
 */
export function predictProba(model: LogisticModel, x: ArrayLike<number>): number {
  return logistic(logit(model, x));
}

/**
 * The predicted class: 1 when the logit is above 0 ({@link classOfLogit}, the
 * product's one rule), as the tutorial's `nn_predict` (NumPy's `around`
 * rounds 0.5 to 0).
 *
 * @example
 * ```ts
 * predictClass(createModel({ inputs: 1, init: [2] }), [1]); // 1
 * ```
 */
export function predictClass(model: LogisticModel, x: ArrayLike<number>): Label {
  return classOfLogit(logit(model, x));
}

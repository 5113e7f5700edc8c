import type { SparseVector } from '../features/sparse-vector.js';

/**
 * A logistic neuron over a sparse input space: `y = σ(scale·Σ wᵢxᵢ + b)`.
 *
 * `scale` lets L2 shrink every weight in O(1) (the weights are `scale·weights[i]`,
 * as Bottou's SGD and scikit-learn's `wscale`), so a step touches only the
 * sample's active weights; it is 1 unless the optimizer applies L2 that way.
 * Read the weights with {@link sparseWeight}.
 */
export interface SparseModel {
  /** The weights divided by `scale`, one per input index. */
  readonly weights: Float64Array;
  /** The common factor of every weight (see above). */
  scale: number;
  /** The bias term; stays 0 when `useBias` is false. */
  bias: number;
  /** Whether the bias learns. */
  readonly useBias: boolean;
  /** Samples learned from. */
  seen: number;
  /** Steps taken: the schedule's k. */
  updates: number;
  /** Steps refused because they would have made a weight NaN or infinite. */
  refused: number;
}

/**
 * A sparse model of `dimension` zero weights.
 *
 * @param bias - learn a bias (default true)
 * @throws RangeError when `dimension` is not a positive integer
 * @example
 * ```ts
 * const m = createSparseModel(2 ** 18 + 1024);
 * ```
 */
export function createSparseModel(dimension: number, bias = true): SparseModel {
  if (!Number.isInteger(dimension) || dimension < 1) throw new RangeError(`dimension must be a positive integer, got ${String(dimension)}`);
  return { weights: new Float64Array(dimension), scale: 1, bias: 0, useBias: bias, seen: 0, updates: 0, refused: 0 };
}

/**
 * The weight of input `i`.
 *
 * @example
 * ```ts
 * sparseWeight(createSparseModel(4), 2); // 0
 * ```
 */
export function sparseWeight(model: SparseModel, i: number): number {
  return model.scale * model.weights[i]!;
}

/**
 * The logit z = w·x + b over the active entries only, saturated at
 * ±Number.MAX_VALUE where the sum overflows (as the dense `logit`).
 *
 * @throws RangeError when an index is outside the model
 * @example
 * ```ts
 * sparseLogit(m, { indices: Int32Array.of(3), values: Float64Array.of(2), nnz: 1 });
 * ```
 */
export function sparseLogit(model: SparseModel, x: SparseVector): number {
  return sparseLogitRange(model, x.indices, x.values, 0, x.nnz);
}

/**
 * {@link sparseLogit} of the entries `start` to `end − 1` of `indices` and `values` (a block's row).
 *
 * @example
 * ```ts
 * sparseLogitRange(m, block.indices, block.values, block.offsets[r], block.offsets[r + 1]);
 * ```
 */
export function sparseLogitRange(model: SparseModel, idx: Int32Array, val: Float64Array, start: number, end: number): number {
  const w = model.weights;
  let s = 0;
  for (let j = start; j < end; j++) s += w[idx[j]!]! * val[j]!;
  const z = model.scale * s + model.bias;
  if (z - z === 0) return z;
  return overflowedLogit(model, { indices: idx.subarray(start, end), values: val.subarray(start, end), nnz: end - start });
}

function overflowedLogit(model: SparseModel, x: SparseVector): number {
  let z = model.bias;
  let nan = false;
  for (let j = 0; j < x.nnz; j++) {
    const i = x.indices[j]!;
    if (i < 0 || i >= model.weights.length) throw new RangeError(`input index ${i} is outside the model's ${model.weights.length} weights`);
    const term = model.scale * model.weights[i]! * x.values[j]!;
    if (Number.isNaN(term)) nan = true;
    z += term;
  }
  if (nan) return NaN;
  if (Number.isNaN(z)) return 0; // +∞ and −∞ terms: no side wins
  return Math.min(Math.max(z, -Number.MAX_VALUE), Number.MAX_VALUE);
}

/**
 * Multiplies `scale` into the weights and sets it to 1: O(dimension), needed
 * only when the scale nears the limits of floating point or before export.
 *
 * @example
 * ```ts
 * foldScale(m); // m.scale === 1, same predictions
 * ```
 */
export function foldScale(model: SparseModel): void {
  const s = model.scale;
  if (s === 1) return;
  const w = model.weights;
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * s;
  model.scale = 1;
}

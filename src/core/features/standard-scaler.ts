import type { SparseVector } from './sparse-vector.js';

/**
 * Online standardisation of named numbers with Welford's running mean and
 * (population) variance, as River's `preprocessing.StandardScaler`: `learn`
 * updates the statistics (before the model learns from the sample),
 * `transform` uses the current ones, so a prediction never sees its own sample.
 *
 * It scales only the entries of a {@link SparseVector} whose index is at
 * least `offset` (the feature space's named-number slots); hashed entries
 * pass unchanged. A slot of variance 0 maps to 0, as River's `safe_div`.
 *
 * @example
 * ```ts
 * const s = new StandardScaler(4, 2); // slots 4 and 5
 * s.learn({ indices: Int32Array.of(4), values: Float64Array.of(10), nnz: 1 });
 * s.learn({ indices: Int32Array.of(4), values: Float64Array.of(20), nnz: 1 });
 * s.mean(0); // 15
 * ```
 */
export class StandardScaler {
  /** Samples that carried each slot. */
  readonly counts: Float64Array;
  /** Running mean of each slot. */
  readonly means: Float64Array;
  /** Running population variance of each slot. */
  readonly variances: Float64Array;

  /**
   * @param offset - index of the first scaled slot
   * @param slots - how many slots follow it
   */
  constructor(
    readonly offset: number,
    readonly slots: number,
  ) {
    this.counts = new Float64Array(slots);
    this.means = new Float64Array(slots);
    this.variances = new Float64Array(slots);
  }

  /** The running mean of slot k. */
  mean(k: number): number {
    return this.means[k]!;
  }

  /** The running population variance of slot k. */
  variance(k: number): number {
    return this.variances[k]!;
  }

  /** Adds a sample's named numbers to the statistics. */
  learn(v: SparseVector): void {
    const { offset, counts, means, variances } = this;
    for (let j = 0; j < v.nnz; j++) {
      const k = v.indices[j]! - offset;
      if (k < 0) continue;
      const x = v.values[j]!;
      const n = (counts[k] = counts[k]! + 1);
      const old = means[k]!;
      const mean = (means[k] = old + (x - old) / n);
      variances[k] = variances[k]! + ((x - old) * (x - mean) - variances[k]!) / n;
    }
  }

  /**
   * Writes `v` standardised with the current statistics into `out` (which may be `v`).
   *
   * @returns `out`
   */
  transform(v: SparseVector, out: SparseVector): SparseVector {
    const { offset, means, variances } = this;
    if (out !== v) {
      if (out.indices.length < v.nnz) {
        out.indices = new Int32Array(v.indices.length);
        out.values = new Float64Array(v.indices.length);
      }
      out.indices.set(v.indices.subarray(0, v.nnz));
    }
    for (let j = 0; j < v.nnz; j++) {
      const x = v.values[j]!;
      const k = v.indices[j]! - offset;
      if (k < 0) {
        out.values[j] = x;
        continue;
      }
      const sd = Math.sqrt(variances[k]!);
      out.values[j] = sd > 0 ? (x - means[k]!) / sd : 0;
    }
    out.nnz = v.nnz;
    return out;
  }

  /** Forgets every statistic. */
  reset(): void {
    this.counts.fill(0);
    this.means.fill(0);
    this.variances.fill(0);
  }
}

import type { Label } from '../sample.js';

/** One probability bin of a {@link CalibrationTable}. */
export interface CalibrationBin {
  /** The bin holds predictions in [lower, upper) (the last bin includes 1). */
  lower: number;
  upper: number;
  /** Predictions in the bin. */
  count: number;
  /** Their mean predicted probability; NaN when empty. */
  predicted: number;
  /** The share of them whose label was 1; NaN when empty. */
  observed: number;
}

/**
 * Predicted probability against observed rate per probability bin (a
 * reliability diagram's data, as scikit-learn's `calibration_curve` with
 * uniform bins), over every prediction or over the last `window`.
 *
 * @example
 * ```ts
 * const table = new CalibrationTable(2);
 * table.update(1, 0.9).update(0, 0.7).update(0, 0.1);
 * table.get()[1]; // { lower: 0.5, upper: 1, count: 2, predicted: 0.8, observed: 0.5 }
 * ```
 */
export class CalibrationTable {
  private readonly counts: Float64Array;
  private readonly sumP: Float64Array;
  private readonly sumT: Float64Array;
  private readonly ringP: Float64Array | undefined;
  private readonly ringT: Uint8Array | undefined;
  private pos = 0;
  private total = 0;

  /**
   * @param bins - equal-width bins over [0, 1] (default 10), an integer in [1, 1000]
   * @param window - only the last `window` predictions (default: all); the window is summed afresh on `get`, so no rounding builds up
   * @throws RangeError when `bins` or `window` is out of range
   */
  constructor(
    readonly bins = 10,
    readonly window?: number,
  ) {
    if (!Number.isInteger(bins) || bins < 1 || bins > 1000) throw new RangeError(`bins must be an integer in [1, 1000], got ${String(bins)}`);
    this.counts = new Float64Array(bins);
    this.sumP = new Float64Array(bins);
    this.sumT = new Float64Array(bins);
    if (window !== undefined) {
      if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be an integer ≥ 1, got ${String(window)}`);
      this.ringP = new Float64Array(window);
      this.ringT = new Uint8Array(window);
    }
  }

  /** Adds a prediction: the true label and the predicted probability of class 1 (NaN is refused). */
  update(t: Label, p: number): this {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`CalibrationTable: a probability must be in [0, 1], got ${String(p)}`);
    if (this.ringP !== undefined) {
      this.ringP[this.pos] = p;
      this.ringT![this.pos] = t;
      if (++this.pos === this.ringP.length) this.pos = 0;
    } else this.add(t, p);
    this.total++;
    return this;
  }

  /** The bins now, as new objects. */
  get(): CalibrationBin[] {
    if (this.ringP !== undefined) {
      this.clear();
      const size = this.ringP.length;
      const n = Math.min(this.total, size);
      // Oldest first: the same sums, to the bit, as a table that saw only these predictions (a restored one).
      const start = this.total > size ? this.pos : 0;
      for (let i = 0; i < n; i++) {
        const k = (start + i) % size;
        this.add(this.ringT![k] as Label, this.ringP[k]!);
      }
    }
    return Array.from({ length: this.bins }, (_, b) => {
      const count = this.counts[b]!;
      return {
        lower: b / this.bins,
        upper: (b + 1) / this.bins,
        count,
        predicted: count === 0 ? NaN : this.sumP[b]! / count,
        observed: count === 0 ? NaN : this.sumT[b]! / count,
      };
    });
  }

  /** Per bin: predictions, Σ predicted and Σ labels, for checkpoints of a table over every prediction. */
  save(): { counts: number[]; sumP: number[]; sumT: number[] } {
    return { counts: Array.from(this.counts), sumP: Array.from(this.sumP), sumT: Array.from(this.sumT) };
  }

  /**
   * Continues from saved sums (a table over every prediction; a windowed
   * one is rebuilt by replaying its window).
   *
   * @throws RangeError for a windowed table, or sums that do not fit the bins
   */
  load(state: { readonly counts: readonly number[]; readonly sumP: readonly number[]; readonly sumT: readonly number[] }): this {
    if (this.ringP !== undefined) throw new RangeError('CalibrationTable: a windowed table is restored by replaying its window, not from sums');
    const { counts, sumP, sumT } = state;
    if (counts.length !== this.bins || sumP.length !== this.bins || sumT.length !== this.bins) throw new RangeError(`CalibrationTable state: expected ${this.bins} bins`);
    for (let b = 0; b < this.bins; b++) {
      const c = counts[b]!;
      if (!Number.isInteger(c) || c < 0 || !(sumP[b]! >= 0 && sumP[b]! <= c) || !(sumT[b]! >= 0 && sumT[b]! <= c)) throw new RangeError(`CalibrationTable state: bin ${b} is inconsistent`);
    }
    this.counts.set(counts);
    this.sumP.set(sumP);
    this.sumT.set(sumT);
    this.total = counts.reduce((a, c) => a + c, 0);
    return this;
  }

  /** Forgets every prediction. */
  reset(): this {
    this.clear();
    this.pos = this.total = 0;
    return this;
  }

  private add(t: Label, p: number): void {
    const b = Math.min(Math.floor(p * this.bins), this.bins - 1);
    this.counts[b]!++;
    this.sumP[b]! += p;
    this.sumT[b]! += t;
  }

  private clear(): void {
    this.counts.fill(0);
    this.sumP.fill(0);
    this.sumT.fill(0);
  }
}

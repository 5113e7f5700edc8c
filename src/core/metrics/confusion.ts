import type { Label } from '../sample.js';

/** Precision, recall and F1 of class 1 at a threshold, with the counts behind them. */
export interface ConfusionScores {
  /** Predicted 1, was 1. */
  tp: number;
  /** Predicted 1, was 0. */
  fp: number;
  /** Predicted 0, was 1. */
  fn: number;
  /** Predicted 0, was 0. */
  tn: number;
  /** tp / (tp + fp); NaN before any positive prediction. */
  precision: number;
  /** tp / (tp + fn); NaN before any positive label. */
  recall: number;
  /** 2·tp / (2·tp + fp + fn), the harmonic mean of the two; NaN before any positive prediction or label. */
  f1: number;
}

/**
 * The confusion counts of predictions at p > 0.5 (the predicted class), over
 * every prediction, or over the last `window` when one is given.
 *
 * @example
 * ```ts
 * const c = new Confusion();
 * c.update(1, 0.9).update(0, 0.7).update(1, 0.2);
 * c.get(); // { tp: 1, fp: 1, fn: 1, tn: 0, precision: 0.5, recall: 0.5, f1: 0.5 }
 * ```
 */
export class Confusion {
  private readonly counts = [0, 0, 0, 0]; // indexed by 2·t + predicted: tn, fp, fn, tp
  private readonly ring: Uint8Array | undefined;
  private pos = 0;
  private total = 0;

  /**
   * @param window - count only the last `window` predictions (default: all)
   * @throws RangeError when `window` is given and not an integer ≥ 1
   */
  constructor(readonly window?: number) {
    if (window !== undefined) {
      if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be an integer ≥ 1, got ${String(window)}`);
      this.ring = new Uint8Array(window);
    }
  }

  /** Adds a prediction: the true label and the predicted probability of class 1. */
  update(t: Label, p: number): this {
    const cell = 2 * t + (p > 0.5 ? 1 : 0);
    this.counts[cell]!++;
    const ring = this.ring;
    if (ring !== undefined) {
      if (this.total >= ring.length) this.counts[ring[this.pos]!]!--;
      ring[this.pos] = cell;
      if (++this.pos === ring.length) this.pos = 0;
    }
    this.total++;
    return this;
  }

  /** The counts and scores now, as a new object. */
  get(): ConfusionScores {
    const [tn, fp, fn, tp] = this.counts as [number, number, number, number];
    return {
      tp,
      fp,
      fn,
      tn,
      precision: tp + fp === 0 ? NaN : tp / (tp + fp),
      recall: tp + fn === 0 ? NaN : tp / (tp + fn),
      f1: tp + fp === 0 || tp + fn === 0 ? NaN : (2 * tp) / (2 * tp + fp + fn),
    };
  }

  /** The counts `[tn, fp, fn, tp]` and the predictions seen, for checkpoints of a confusion over every prediction. */
  save(): { counts: number[]; total: number } {
    return { counts: [...this.counts], total: this.total };
  }

  /**
   * Continues from saved counts (a confusion over every prediction; a
   * windowed one is rebuilt by replaying its window).
   *
   * @throws RangeError for a windowed confusion or bad counts
   */
  load(state: { readonly counts: readonly number[]; readonly total: number }): this {
    if (this.ring !== undefined) throw new RangeError('Confusion: a windowed confusion is restored by replaying its window, not from counts');
    const { counts, total } = state;
    if (counts.length !== 4 || !counts.every((c) => Number.isInteger(c) && c >= 0)) throw new RangeError('Confusion state: counts must be 4 integers ≥ 0 (tn, fp, fn, tp)');
    if (counts.reduce((a, b) => a + b, 0) !== total) throw new RangeError(`Confusion state: the counts do not add up to total ${String(total)}`);
    for (let i = 0; i < 4; i++) this.counts[i] = counts[i]!;
    this.total = total;
    return this;
  }

  /** Forgets every prediction. */
  reset(): this {
    this.counts.fill(0);
    this.pos = this.total = 0;
    return this;
  }
}

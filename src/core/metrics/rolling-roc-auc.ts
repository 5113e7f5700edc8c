import type { Label } from '../sample.js';

/**
 * The exact ROC AUC of the last `window` predictions (ties count half, as
 * scikit-learn's `roc_auc_score`): `update` is O(1) (a ring write), `get`
 * sorts the window, O(window·log window), and is cached until the next update.
 *
 * @example
 * ```ts
 * const auc = new RollingRocAuc(2);
 * auc.update(0, 0.9).update(1, 0.8).update(0, 0.1);
 * auc.get(); // 1: the window holds (1, 0.8) and (0, 0.1)
 * ```
 */
export class RollingRocAuc {
  /** How many of the latest predictions count. */
  readonly window: number;
  private readonly scores: Float64Array;
  private readonly labels: Uint8Array;
  private readonly order: Uint32Array;
  private pos = 0;
  private total = 0;
  private cached: number | undefined = NaN;

  /** @throws RangeError when `window` is not an integer ≥ 1 */
  constructor(window: number) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be an integer ≥ 1, got ${String(window)}`);
    this.window = window;
    this.scores = new Float64Array(window);
    this.labels = new Uint8Array(window);
    this.order = new Uint32Array(window);
  }

  /** How many predictions the window holds now. */
  get n(): number {
    return Math.min(this.total, this.window);
  }

  /** Adds a prediction, dropping the oldest when the window is full. @throws RangeError for a NaN score */
  update(t: Label, score: number): this {
    if (Number.isNaN(score)) throw new RangeError('RollingRocAuc: a score must not be NaN');
    this.scores[this.pos] = score;
    this.labels[this.pos] = t;
    if (++this.pos === this.window) this.pos = 0;
    this.total++;
    this.cached = undefined;
    return this;
  }

  /** The window's AUC; NaN unless it holds both classes. */
  get(): number {
    if (this.cached !== undefined) return this.cached;
    const n = this.n;
    const { scores, labels } = this;
    const order = this.order.subarray(0, n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => scores[a]! - scores[b]!);
    let negativesBelow = 0;
    let pairs = 0;
    let positives = 0;
    for (let i = 0; i < n; ) {
      // one group of tied scores: its positives beat the negatives below and tie with its own negatives
      let j = i;
      let pos = 0;
      let neg = 0;
      while (j < n && scores[order[j]!] === scores[order[i]!]) {
        if (labels[order[j]!] === 1) pos++;
        else neg++;
        j++;
      }
      pairs += pos * (negativesBelow + neg / 2);
      negativesBelow += neg;
      positives += pos;
      i = j;
    }
    const negatives = n - positives;
    return (this.cached = positives === 0 || negatives === 0 ? NaN : pairs / (positives * negatives));
  }

  /** The predictions in the window, oldest first: their labels and scores. */
  recent(): { t: Label[]; scores: number[] } {
    const n = this.n;
    const start = this.total > this.window ? this.pos : 0;
    const t: Label[] = [];
    const scores: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = (start + i) % this.window;
      t.push(this.labels[k] as Label);
      scores.push(this.scores[k]!);
    }
    return { t, scores };
  }

  /** Forgets every prediction. */
  reset(): this {
    this.pos = this.total = 0;
    this.cached = NaN;
    return this;
  }
}

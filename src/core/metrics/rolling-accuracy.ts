import type { Label } from '../sample.js';
import { RollingMean } from './rolling-mean.js';

/**
 * The share of correct predictions among the last `window`, as River's
 * `utils.Rolling(metrics.Accuracy(), window)`.
 *
 * @example
 * ```ts
 * const m = new RollingAccuracy(2);
 * m.update(1, 0).update(1, 1).update(0, 0);
 * m.get(); // 1
 * ```
 */
export class RollingAccuracy {
  private readonly mean: RollingMean;

  /**
   * @param window - how many of the latest predictions count, an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window: number) {
    this.mean = new RollingMean(window);
  }

  /** How many predictions the window holds now. */
  get n(): number {
    return this.mean.n;
  }

  /** The window's length. */
  get window(): number {
    return this.mean.window;
  }

  /** Scores a predicted class against the true label. */
  update(t: Label, predicted: Label): this {
    return this.updateCorrect(t === predicted);
  }

  /** Adds a prediction already judged right or wrong (the learner's hot path). */
  updateCorrect(correct: boolean): this {
    this.mean.update(correct ? 1 : 0);
    return this;
  }

  /** The share of correct predictions in the window; NaN before the first prediction. */
  get(): number {
    return this.mean.get();
  }

  /** Forgets every prediction. */
  reset(): this {
    this.mean.reset();
    return this;
  }
}

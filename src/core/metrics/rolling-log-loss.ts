import { crossEntropy } from '../loss.js';
import type { Label } from '../sample.js';
import { RollingMean } from './rolling-mean.js';

/**
 * The mean cross-entropy of the last `window` predictions, as River's
 * `utils.Rolling(metrics.LogLoss(), window)`: it follows a drifting stream
 * where the cumulative {@link LogLoss} remembers everything.
 *
 * @example
 * ```ts
 * const m = new RollingLogLoss(2);
 * m.updateLoss(3).updateLoss(1).updateLoss(2);
 * m.get(); // 1.5
 * ```
 */
export class RollingLogLoss {
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

  /** Scores a predicted probability `p` against the true label `t` (p clamped away from 0 and 1). */
  update(t: Label, p: number): this {
    return this.updateLoss(crossEntropy(p, t));
  }

  /** Adds a loss already computed (the learner's hot path). */
  updateLoss(loss: number): this {
    this.mean.update(loss);
    return this;
  }

  /** The mean loss over the window; NaN before the first prediction. */
  get(): number {
    return this.mean.get();
  }

  /** Forgets every prediction. */
  reset(): this {
    this.mean.reset();
    return this;
  }
}

import { crossEntropy } from '../loss.js';
import type { Label } from '../sample.js';
import { LossSum } from './loss-sum.js';

/**
 * The mean cross-entropy (log loss) of every prediction so far, as River's
 * `metrics.LogLoss`: a streaming metric with `update` and `get`.
 *
 * @example
 * ```ts
 * const m = new LogLoss();
 * m.update(1, 0.5).update(0, 0.5);
 * m.get(); // Math.LN2
 * ```
 */
export class LogLoss {
  private count = 0;
  private readonly sum = new LossSum();

  /** Predictions scored so far. */
  get n(): number {
    return this.count;
  }

  /**
   * Scores a predicted probability against the true label.
   *
   * @param t - the true label
   * @param p - the predicted P(t = 1), clamped away from 0 and 1 so the loss stays finite
   */
  update(t: Label, p: number): this {
    return this.updateLoss(crossEntropy(p, t));
  }

  /**
   * Adds a loss already computed, such as the one `learnOne` returns (exact,
   * from the logit). The learner's hot path uses this.
   */
  updateLoss(loss: number): this {
    this.count++;
    this.sum.add(loss);
    return this;
  }

  /** The mean loss (finite even when the sum of huge losses would overflow; see `LossSum`); NaN before the first prediction. */
  get(): number {
    return this.sum.mean(this.count);
  }

  /** Forgets every prediction. */
  reset(): this {
    this.count = 0;
    this.sum.reset();
    return this;
  }
}

import type { Label } from '../sample.js';

/**
 * The share of correct predictions so far, as River's `metrics.Accuracy`.
 *
 * @example
 * ```ts
 * const m = new Accuracy();
 * m.update(1, 1).update(0, 1);
 * m.get(); // 0.5
 * ```
 */
export class Accuracy {
  private count = 0;
  private correct = 0;

  /** Predictions scored so far. */
  get n(): number {
    return this.count;
  }

  /**
   * Scores a predicted class against the true label.
   *
   * @param t - the true label
   * @param predicted - the predicted class
   */
  update(t: Label, predicted: Label): this {
    return this.updateCorrect(t === predicted);
  }

  /** Adds a prediction already judged right or wrong (the learner's hot path). */
  updateCorrect(correct: boolean): this {
    this.count++;
    if (correct) this.correct++;
    return this;
  }

  /** The share of correct predictions in [0, 1]; NaN before the first prediction. */
  get(): number {
    return this.count === 0 ? NaN : this.correct / this.count;
  }

  /** Forgets every prediction. */
  reset(): this {
    this.count = 0;
    this.correct = 0;
    return this;
  }
}

import { crossEntropyFromLogit } from '../loss.js';
import type { Label } from '../sample.js';
import { RollingMean } from './rolling-mean.js';

/**
 * Progressive (test-then-train) scores: every sample is scored by the model
 * before the model learns from it. Cumulative and rolling-window log loss and
 * accuracy; NaN before the first sample.
 *
 * @example
 * ```ts
 * const m: Metrics = { n: 2, logLoss: 0.69, accuracy: 0.5, rollingLogLoss: 0.69, rollingAccuracy: 0.5 };
 * ```
 */
export interface Metrics {
  /** Samples scored. */
  n: number;
  /** Mean cross-entropy over every sample scored. */
  logLoss: number;
  /** Share of samples whose class was predicted right. */
  accuracy: number;
  /** Mean cross-entropy over the last `window` samples. */
  rollingLogLoss: number;
  /** Accuracy over the last `window` samples. */
  rollingAccuracy: number;
}

/**
 * The four progressive scores of {@link Metrics} together, as River's
 * `evaluate.progressive_val_score` and Vowpal Wabbit's progress table report
 * them: the same numbers as a `LogLoss`, an `Accuracy`, a `RollingLogLoss`
 * and a `RollingAccuracy` fed the same samples, with a `record` cheap enough
 * for a per-sample hot path (three additions and two stores).
 *
 * @example
 * ```ts
 * const m = new ProgressiveMetrics(500);
 * m.update(1, 0);        // scored from the logit z = 0: loss ln 2, predicted 0
 * m.get().accuracy;      // 0
 * ```
 */
export class ProgressiveMetrics {
  private count = 0;
  private lossSum = 0;
  private correct = 0;
  private readonly rollingLoss: RollingMean;
  private readonly rollingCorrect: RollingMean;

  /**
   * @param window - samples in the rolling scores (default 500), an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window = 500) {
    this.rollingLoss = new RollingMean(window);
    this.rollingCorrect = new RollingMean(window);
  }

  /** Samples scored. */
  get n(): number {
    return this.count;
  }

  /** Samples in the rolling scores. */
  get window(): number {
    return this.rollingLoss.window;
  }

  /**
   * Scores a sample from the model's logit for it, taken before learning:
   * loss `crossEntropyFromLogit(z, t)`, predicted class 1 iff z > 0.
   */
  update(t: Label, z: number): this {
    return this.record(crossEntropyFromLogit(z, t), z > 0 === (t === 1));
  }

  /**
   * Records a sample already scored: its loss before learning (what
   * `learnOne` returns) and whether its class was predicted right.
   */
  record(loss: number, correct: boolean): this {
    const c = correct ? 1 : 0;
    this.count++;
    this.lossSum += loss;
    this.correct += c;
    this.rollingLoss.update(loss);
    this.rollingCorrect.update(c);
    return this;
  }

  /** The scores now, as a new object. */
  get(): Metrics {
    const n = this.count;
    return {
      n,
      logLoss: n === 0 ? NaN : this.lossSum / n,
      accuracy: n === 0 ? NaN : this.correct / n,
      rollingLogLoss: this.rollingLoss.get(),
      rollingAccuracy: this.rollingCorrect.get(),
    };
  }

  /** Forgets every sample. */
  reset(): this {
    this.count = 0;
    this.lossSum = 0;
    this.correct = 0;
    this.rollingLoss.reset();
    this.rollingCorrect.reset();
    return this;
  }
}

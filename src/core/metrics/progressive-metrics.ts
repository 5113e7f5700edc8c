import { crossEntropyFromLogit } from '../loss.js';
import type { Label } from '../sample.js';
import { Accuracy } from './accuracy.js';
import { LogLoss } from './log-loss.js';
import { RollingAccuracy } from './rolling-accuracy.js';
import { RollingLogLoss } from './rolling-log-loss.js';

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
 * them.
 *
 * @example
 * ```ts
 * const m = new ProgressiveMetrics(500);
 * m.update(1, 0);        // scored from the logit z = 0: loss ln 2, predicted 0
 * m.get().accuracy;      // 0
 * ```
 */
export class ProgressiveMetrics {
  private readonly logLoss = new LogLoss();
  private readonly accuracy = new Accuracy();
  private readonly rollingLogLoss: RollingLogLoss;
  private readonly rollingAccuracy: RollingAccuracy;

  /**
   * @param window - samples in the rolling scores (default 500), an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window = 500) {
    this.rollingLogLoss = new RollingLogLoss(window);
    this.rollingAccuracy = new RollingAccuracy(window);
  }

  /** Samples scored. */
  get n(): number {
    return this.logLoss.n;
  }

  /** Samples in the rolling scores. */
  get window(): number {
    return this.rollingLogLoss.window;
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
    this.logLoss.updateLoss(loss);
    this.accuracy.updateCorrect(correct);
    this.rollingLogLoss.updateLoss(loss);
    this.rollingAccuracy.updateCorrect(correct);
    return this;
  }

  /** The scores now, as a new object. */
  get(): Metrics {
    return {
      n: this.logLoss.n,
      logLoss: this.logLoss.get(),
      accuracy: this.accuracy.get(),
      rollingLogLoss: this.rollingLogLoss.get(),
      rollingAccuracy: this.rollingAccuracy.get(),
    };
  }

  /** Forgets every sample. */
  reset(): this {
    this.logLoss.reset();
    this.accuracy.reset();
    this.rollingLogLoss.reset();
    this.rollingAccuracy.reset();
    return this;
  }
}

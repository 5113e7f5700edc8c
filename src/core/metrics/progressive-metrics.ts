import { crossEntropyFromLogit } from '../loss.js';
import type { Label } from '../sample.js';
import { LossSum } from './loss-sum.js';
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

/** Samples recorded before they are folded into the scores: enough to amortise a fold, small enough to stay in cache. */
const BUFFER = 256;

/**
 * The four progressive scores of {@link Metrics} together, as River's
 * `evaluate.progressive_val_score` and Vowpal Wabbit's progress table report
 * them: the same numbers as a `LogLoss`, an `Accuracy`, a `RollingLogLoss`
 * and a `RollingAccuracy` fed the same samples.
 *
 * `record` is cheap enough for a per-sample hot path (two stores and a
 * counter): it buffers the sample's loss and hit, and the buffer is folded
 * into the scores, in order, when it is full or when the scores are read.
 * Folding later performs the same additions in the same order, so the scores
 * are bit-identical to updating them on every sample.
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
  private readonly lossSum = new LossSum();
  private correct = 0;
  private readonly rollingLoss: RollingMean;
  private readonly rollingCorrect: RollingMean;
  private readonly losses = new Float64Array(BUFFER);
  private readonly hits = new Float64Array(BUFFER);
  private buffered = 0;

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
    return this.count + this.buffered;
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
    const k = this.buffered;
    this.losses[k] = loss;
    this.hits[k] = correct ? 1 : 0;
    if ((this.buffered = k + 1) === BUFFER) this.fold();
    return this;
  }

  /** The scores now, as a new object. */
  get(): Metrics {
    if (this.buffered > 0) this.fold();
    const n = this.count;
    return {
      n,
      logLoss: this.lossSum.mean(n),
      accuracy: n === 0 ? NaN : this.correct / n,
      rollingLogLoss: this.rollingLoss.get(),
      rollingAccuracy: this.rollingCorrect.get(),
    };
  }

  /** Forgets every sample. */
  reset(): this {
    this.buffered = 0;
    this.count = 0;
    this.lossSum.reset();
    this.correct = 0;
    this.rollingLoss.reset();
    this.rollingCorrect.reset();
    return this;
  }

  /** Adds the buffered samples to the scores, oldest first. */
  private fold(): void {
    const { losses, hits, buffered, lossSum, rollingLoss, rollingCorrect } = this;
    if (buffered === 1) {
      // Read after every sample (a step per sample): no loops.
      const loss = losses[0]!;
      const hit = hits[0]!;
      lossSum.add(loss);
      this.correct += hit;
      rollingLoss.update(loss);
      rollingCorrect.update(hit);
      this.count++;
      this.buffered = 0;
      return;
    }
    let correct = this.correct;
    lossSum.addMany(losses, buffered);
    for (let k = 0; k < buffered; k++) correct += hits[k]!;
    rollingLoss.updateMany(losses, buffered);
    rollingCorrect.updateMany(hits, buffered);
    this.correct = correct;
    this.count += buffered;
    this.buffered = 0;
  }
}

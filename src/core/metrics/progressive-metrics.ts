import { crossEntropyFromLogit } from '../loss.js';
import type { Label } from '../sample.js';
import { LossSum } from './loss-sum.js';
import { metricsStateMismatch } from './progressive-metrics-state.js';
import type { ProgressiveMetricsState } from './progressive-metrics-state.js';
import { RollingCount } from './rolling-count.js';
import { RollingMean } from './rolling-mean.js';

// The saved state has its own file; importers of this one keep finding it here.
export { metricsStateMismatch } from './progressive-metrics-state.js';
export type { ProgressiveMetricsState } from './progressive-metrics-state.js';

/**
 * Progressive (test-then-train) scores: every sample is scored by the model
 * before the model learns from it. Cumulative and rolling-window log loss and
 * accuracy. Before the first sample (`n` is 0) there is no score yet, and
 * each score is `null`; once `n` > 0 every score is a finite number.
 *
 * @example
 * ```ts
 * const m: Metrics = { n: 2, logLoss: 0.69, accuracy: 0.5, rollingLogLoss: 0.69, rollingAccuracy: 0.5 };
 * const none: Metrics = { n: 0, logLoss: null, accuracy: null, rollingLogLoss: null, rollingAccuracy: null };
 * ```
 */
export interface Metrics {
  /** Samples scored. */
  n: number;
  /** Mean cross-entropy over every sample scored; null when none was. */
  logLoss: number | null;
  /** Share of samples whose class was predicted right; null when none was. */
  accuracy: number | null;
  /** Mean cross-entropy over the last `window` samples; null when none was. */
  rollingLogLoss: number | null;
  /** Accuracy over the last `window` samples; null when none was. */
  rollingAccuracy: number | null;
}

/**
 * {@link Metrics} once a sample was scored (`n` > 0): every score is a
 * number. What `OnlineLearner.metrics$` emits.
 *
 * @example
 * ```ts
 * learner.metrics$.subscribe((m: ScoredMetrics) => console.log(m.logLoss.toFixed(4)));
 * ```
 */
export type ScoredMetrics = { [K in keyof Metrics]: NonNullable<Metrics[K]> };

/**
 * Whether every score of `m` is a number (a sample was scored).
 *
 * @example
 * ```ts
 * if (hasScores(step.metrics)) console.log(step.metrics.accuracy.toFixed(3));
 * ```
 */
export function hasScores(m: Metrics): m is ScoredMetrics {
  return m.n > 0;
}

/**
 * The four progressive scores of {@link Metrics} together, as River's
 * `evaluate.progressive_val_score` and Vowpal Wabbit's progress table report
 * them: the same numbers as a `LogLoss`, an `Accuracy`, a `RollingLogLoss`
 * and a `RollingAccuracy` fed the same samples, bit for bit.
 *
 * `record` is cheap enough for a per-sample hot path: it adds the loss and
 * the hit to the cumulative sums and stores them in the rolling windows'
 * rings, whose sums are brought up to date only when the scores are read.
 * The trainer's block kernels do the same for a whole block without a call
 * per sample (see {@link ProgressiveMetrics.scoredRun}).
 *
 * @example
 * ```ts
 * const m = new ProgressiveMetrics(500);
 * m.update(1, 0);        // scored from the logit z = 0: loss ln 2, predicted 0
 * m.get().accuracy;      // 0
 * ```
 */
export class ProgressiveMetrics {
  // Public (@internal) for the per-row loop of `learnRowsWithSteps`, which scores a row as `record` then `get` do.
  /** Samples scored. @internal */
  count = 0;
  /** The cumulative loss sum. @internal */
  readonly lossSum = new LossSum();
  /** Samples predicted right: the running count the hit ring holds after the last sample. @internal */
  correct = 0;
  /** The rolling losses. @internal */
  readonly rollingLoss: RollingMean;
  /** The running counts of right predictions, in the same slots as the rolling losses. @internal */
  readonly rollingCorrect: RollingCount;

  /**
   * @param window - samples in the rolling scores (default 500), an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window = 500) {
    this.rollingLoss = new RollingMean(window);
    this.rollingCorrect = new RollingCount(window);
  }

  /**
   * The ring of the rolling losses: a block kernel writes each row's loss
   * into it, and the running count of right predictions after the row into
   * {@link hitRing}, at the same slot, from {@link ringSlot} up to the ring's
   * end at most, then hands the run to {@link scoredRun}.
   * @internal
   */
  get lossRing(): Float64Array {
    return this.rollingLoss.ringValues;
  }

  /** The ring of running counts of right predictions (see {@link lossRing}). @internal */
  get hitRing(): Float64Array {
    return this.rollingCorrect.ringValues;
  }

  /** The ring slot of the next sample's score (see {@link lossRing}). @internal */
  get ringSlot(): number {
    return this.rollingLoss.slot;
  }

  /** The cumulative loss sum a kernel's run adds its losses to, in order (see {@link scoredRun}). @internal */
  get runningLossSum(): number {
    return this.lossSum.running;
  }

  /** Samples predicted right so far: a kernel's run adds its hits to it. @internal */
  get runningCorrect(): number {
    return this.correct;
  }

  /**
   * Takes a run of `count` scores a block kernel wrote into the rings from
   * slot `from` (= {@link ringSlot}) on, with the loss sum and the count of
   * right predictions it carried on from {@link runningLossSum} and
   * {@link runningCorrect}: the same state as `count` calls of `record`.
   *
   * @returns the loss sum to carry into the next run
   * @internal
   */
  scoredRun(from: number, count: number, lossSum: number, correct: number): number {
    this.rollingLoss.advance(count);
    this.rollingCorrect.advance(count);
    this.count += count;
    this.correct = correct;
    return this.lossSum.settle(lossSum, this.rollingLoss.ringValues, from, count);
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
    this.count++;
    this.lossSum.add(loss);
    const right = (this.correct += correct ? 1 : 0);
    // Both rings at one slot (same window); the hit ring holds the running count of right
    // predictions, which is `correct` (so it is not read back from the ring).
    const rolling = this.rollingLoss;
    const counts = this.rollingCorrect;
    const ring = rolling.ring;
    const pos = rolling.pos;
    ring[pos] = loss;
    counts.ring[pos] = right;
    rolling.pos = counts.pos = pos + 1 === ring.length ? 0 : pos + 1;
    rolling.total++;
    counts.total++;
    return this;
  }

  /** The scores now, as a new object (`null` scores before the first sample). */
  get(): Metrics {
    const n = this.count;
    if (n === 0) return { n, logLoss: null, accuracy: null, rollingLogLoss: null, rollingAccuracy: null };
    return {
      n,
      logLoss: this.lossSum.mean(n),
      accuracy: this.correct / n,
      rollingLogLoss: this.rollingLoss.get(),
      rollingAccuracy: this.rollingCorrect.get(),
    };
  }

  /** The state to continue from later (a checkpoint's `metrics`), as plain copies. */
  save(): ProgressiveMetricsState {
    const { sum, scale } = this.lossSum.save();
    return { n: this.count, lossSum: sum, lossScale: scale, correct: this.correct, recentLosses: this.rollingLoss.values(), recentHits: this.rollingCorrect.values() };
  }

  /**
   * Continues from a saved state, replacing the scores. When this window is
   * smaller than the saved one, the rolling scores keep the latest samples;
   * when it is larger, they cover the samples saved until more arrive.
   *
   * @throws RangeError naming the field when the state is inconsistent (nothing is changed then)
   */
  load(state: ProgressiveMetricsState): this {
    const reason = metricsStateMismatch(state);
    if (reason !== null) throw new RangeError(`metrics: ${reason}`);
    try {
      new LossSum().load({ sum: state.lossSum, scale: state.lossScale });
    } catch (e) {
      throw new RangeError(`metrics: ${(e as Error).message}`);
    }
    this.reset();
    this.lossSum.load({ sum: state.lossSum, scale: state.lossScale });
    this.count = state.n;
    this.correct = state.correct;
    const keep = Math.min(state.recentLosses.length, this.window);
    const from = state.recentLosses.length - keep;
    const losses = state.recentLosses.slice(from);
    const hits = state.recentHits.slice(from);
    if (keep === Math.min(state.n, this.window)) {
      // The window is full as the saved stream's was: its counts go on, and so its rolling scores, bit for bit from the next multiple of the window.
      this.rollingLoss.restore(losses, state.n);
      this.rollingCorrect.restore(hits, state.n, state.correct);
    } else {
      this.rollingLoss.updateMany(Float64Array.from(losses), keep);
      this.rollingCorrect.restore(hits, keep, state.correct);
    }
    return this;
  }

  /** Forgets every sample. */
  reset(): this {
    this.count = 0;
    this.lossSum.reset();
    this.correct = 0;
    this.rollingLoss.reset();
    this.rollingCorrect.reset();
    return this;
  }
}

/**
 * The scores a saved state holds, without a learner: for a reader of a
 * checkpoint (a broker follower, a dashboard of a stored model).
 *
 * @param state - a state {@link ProgressiveMetrics.save} returned, or `undefined` (older files: no scores)
 * @throws RangeError when the state is inconsistent
 * @example
 * ```ts
 * metricsOfState(snapshot.metrics).rollingLogLoss; // what the learner reported when it saved
 * ```
 */
export function metricsOfState(state: ProgressiveMetricsState | undefined): Metrics {
  if (state === undefined) return new ProgressiveMetrics().get();
  // A window of the saved length gives the saved rolling scores exactly.
  return new ProgressiveMetrics(Math.max(1, state.recentLosses.length)).load(state).get();
}

import { crossEntropyFromLogit } from '../loss.js';
import type { Label } from '../sample.js';
import { LossSum } from './loss-sum.js';
import { metricsStateMismatch } from './progressive-metrics-state.js';
import type { ProgressiveMetricsState } from './progressive-metrics-state.js';
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

  /**
   * The slot where the next score goes: a block kernel of the trainer writes
   * each row's loss and hit (1 or 0) straight into {@link scoreLosses} and
   * {@link scoreHits} from here on, and hands the new slot to
   * {@link scored} whenever it reaches the end of the buffer, and once at
   * its end (the same stores as `record`, without a call per sample).
   * @internal
   */
  get scoreSlot(): number {
    return this.buffered;
  }

  /** The buffer's losses (see {@link scoreSlot}). @internal */
  get scoreLosses(): Float64Array {
    return this.losses;
  }

  /** The buffer's hits (see {@link scoreSlot}). @internal */
  get scoreHits(): Float64Array {
    return this.hits;
  }

  /**
   * Takes the scores a block kernel wrote in slots up to `slot − 1` (see
   * {@link scoreSlot}); a full buffer is folded, as `record` does.
   *
   * @returns the slot to write next (0 after a fold)
   * @internal
   */
  scored(slot: number): number {
    this.buffered = slot;
    if (slot === BUFFER) {
      this.fold();
      return 0;
    }
    return slot;
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

  /** The scores now, as a new object (`null` scores before the first sample). */
  get(): Metrics {
    if (this.buffered === 1) return this.foldOneAndGet();
    if (this.buffered > 0) this.fold();
    RollingMean.syncPair(this.rollingLoss, this.rollingCorrect);
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
    if (this.buffered > 0) this.fold();
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
    this.rollingLoss.updateMany(Float64Array.from(state.recentLosses.slice(from)), keep);
    this.rollingCorrect.updateMany(Float64Array.from(state.recentHits.slice(from)), keep);
    return this;
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

  /** Read after every sample (a step per sample): the one buffered sample folded in and the scores read in one pass. */
  private foldOneAndGet(): Metrics {
    const loss = this.losses[0]!;
    const hit = this.hits[0]!;
    this.buffered = 0;
    const n = ++this.count;
    const lossSum = this.lossSum;
    lossSum.add(loss);
    const correct = (this.correct += hit);
    return {
      n,
      logLoss: lossSum.mean(n),
      accuracy: correct / n,
      rollingLogLoss: this.rollingLoss.updateAndGet(loss),
      rollingAccuracy: this.rollingCorrect.updateAndGet(hit),
    };
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

import { FeatureSpace } from './features/feature-space.js';
import type { Features, HashStats } from './features/feature-space.js';
import { StandardScaler } from './features/standard-scaler.js';
import { copySparse, sparseVector } from './features/sparse-vector.js';
import type { SparseBlock, SparseVector } from './features/sparse-vector.js';
import { resolveEventLearnerOptions } from './event-learner-config.js';
import type { EventLearnerOptions } from './event-learner-config.js';
import { crossEntropyFromLogit } from './loss.js';
import { logistic } from './logistic.js';
import { EventMetrics } from './metrics/event-metrics.js';
import type { EventMetricsState, EventScores } from './metrics/event-metrics.js';
import { createOptimizer } from './optim/create-optimizer.js';
import { learnSparse } from './optim/learn-sparse.js';
import type { Optimizer } from './optim/optimizer.js';
import { createSparseModel, sparseLogit } from './optim/sparse-model.js';
import type { SparseModel } from './optim/sparse-model.js';
import type { Label } from './sample.js';

/**
 * Online logistic classification of raw events: a {@link FeatureSpace}
 * (hashed categories, named numbers), a {@link StandardScaler} for the named
 * numbers, a sparse model and its optimizer, and {@link EventMetrics}.
 *
 * Progressive validation as River's: `learnOne` scores the prediction made
 * with the current statistics and weights, then updates the scaler's
 * statistics, then takes the step. For delayed labels, serve with
 * {@link EventLearner.serve} and learn later with {@link EventLearner.learnServed}.
 *
 * @example
 * ```ts
 * const learner = new EventLearner();
 * learner.learnOne({ amount: 129.5, country: 'DE', device: 'ios' }, 1);
 * learner.predictProba({ amount: 20, country: 'FR', device: 'web' }); // in (0, 1)
 * learner.scores().n; // 1
 * ```
 */
export class EventLearner {
  /** The options with every default filled in. */
  readonly options: Required<EventLearnerOptions>;
  readonly space: FeatureSpace;
  readonly scaler: StandardScaler;
  readonly model: SparseModel;
  readonly optimizer: Optimizer;
  private readonly metrics: EventMetrics;
  private readonly raw = sparseVector(64);
  private readonly scaled = sparseVector(64);

  /** @throws RangeError naming every bad option */
  constructor(options: EventLearnerOptions = {}) {
    const o = resolveEventLearnerOptions(options);
    this.options = o;
    this.space = new FeatureSpace({ bits: o.bits, maxNumeric: o.maxNumeric });
    this.scaler = new StandardScaler(this.space.buckets, o.maxNumeric);
    this.model = createSparseModel(this.space.dimension, o.bias);
    this.optimizer = createOptimizer(o.optimizer, { schedule: o.schedule, l2: o.l2 }, this.space.dimension);
    this.metrics = new EventMetrics({ window: o.rollingWindow, bins: o.calibrationBins });
  }

  /**
   * The event's features as a raw sparse vector the caller may keep (named
   * numbers not yet standardised).
   *
   * @throws TypeError naming a bad feature
   */
  encode(features: Features): SparseVector {
    return copySparse(this.space.encode(features, this.raw));
  }

  /** The logit of a raw vector with the current statistics and weights. */
  logitOf(raw: SparseVector): number {
    return sparseLogit(this.model, this.standardised(raw));
  }

  /** P(t = 1) for an event. @throws TypeError naming a bad feature */
  predictProba(features: Features): number {
    return logistic(this.logitOf(this.space.encode(features, this.raw)));
  }

  /**
   * Scores and learns from a labelled event (progressive validation).
   *
   * @returns the loss of the prediction scored before learning
   * @throws TypeError naming a bad feature (nothing is learned)
   */
  learnOne(features: Features, t: Label): number {
    const raw = this.space.encode(features, this.raw);
    const z = this.logitOf(raw);
    this.metrics.update(t, z);
    this.learnRaw(raw, t);
    return crossEntropyFromLogit(z, t);
  }

  /**
   * Serves a prediction for an event whose label comes later: the raw vector
   * to remember and the logit to score when the label arrives.
   */
  serve(features: Features): { raw: SparseVector; z: number } {
    const raw = this.encode(features);
    return { raw, z: this.logitOf(raw) };
  }

  /**
   * Learns from a served prediction's remembered features once its label is
   * known, scoring the prediction that was served (logit `z`), as River's
   * `progressive_val_score` with a delay.
   */
  learnServed(raw: SparseVector, t: Label, z: number): void {
    this.metrics.update(t, z);
    this.learnRaw(raw, t);
  }

  /**
   * Scores and learns from every row of a block of raw vectors, in order.
   *
   * @returns the summed loss of the rows' predictions before learning
   */
  learnBlock(block: SparseBlock): number {
    const row: SparseVector = { indices: block.indices, values: block.values, nnz: 0 };
    let loss = 0;
    for (let r = 0; r < block.rows; r++) {
      const start = block.offsets[r]!;
      const end = block.offsets[r + 1]!;
      row.indices = block.indices.subarray(start, end);
      row.values = block.values.subarray(start, end);
      row.nnz = end - start;
      const t = block.labels[r] as Label;
      const z = this.logitOf(row);
      this.metrics.update(t, z);
      this.learnRaw(row, t);
      loss += crossEntropyFromLogit(z, t);
    }
    return loss;
  }

  /** The progressive scores, as a new object. */
  scores(): EventScores {
    return this.metrics.get();
  }

  /** How full the hash buckets are. */
  hashStats(): HashStats {
    return this.space.hashStats();
  }

  /** The progressive scores' state, for checkpoints. */
  saveScores(): EventMetricsState {
    return this.metrics.save();
  }

  /** Continues the progressive scores from a saved state. @throws RangeError naming the bad part */
  loadScores(state: EventMetricsState): void {
    this.metrics.load(state);
  }

  /** Forgets the scores (not the model). */
  resetScores(): void {
    this.metrics.reset();
  }

  private learnRaw(raw: SparseVector, t: Label): void {
    if (this.options.standardize) this.scaler.learn(raw);
    learnSparse(this.model, this.optimizer, this.standardised(raw), t);
  }

  private standardised(raw: SparseVector): SparseVector {
    return this.options.standardize ? this.scaler.transform(raw, this.scaled) : raw;
  }
}

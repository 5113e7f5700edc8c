import { createModel, learnMany, learnOne, learningRateAt, validateSchedule } from '../core/index.js';
import type { LearningRateSchedule, LogisticModel, Sample, UpdateOptions } from '../core/index.js';
import type { BatchScores } from '../core/learn.js';
import { ProgressiveMetrics } from '../core/metrics/index.js';
import type { Step } from './step.js';

/**
 * Options of a {@link Trainer}: the model, its update and its metrics.
 *
 * @example
 * ```ts
 * const options: TrainerOptions = { inputs: 2, bias: false, schedule: { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 } };
 * ```
 */
export interface TrainerOptions {
  /** Number of inputs, an integer ≥ 1. */
  inputs: number;
  /** Learn a bias (default true; false reproduces the tutorial's boundary through the origin). */
  bias?: boolean;
  /** Learning-rate schedule (default `{ kind: 'constant', lr: 0.05 }`). */
  schedule?: LearningRateSchedule;
  /** L2 strength λ ≥ 0 (default 0). */
  l2?: number;
  /** How a mini-batch's gradients combine (default `'mean'`). */
  reduction?: 'mean' | 'sum';
  /** Initial weights (default zeros). */
  init?: readonly number[];
  /** Initial bias (default 0). */
  initBias?: number;
  /** Samples in the rolling metrics (default 500). */
  rollingWindow?: number;
}

/**
 * The part of a model's state that a checkpoint saves.
 *
 * @example
 * ```ts
 * const state: TrainerState = trainer.state(); // { weights: [...], bias: 0.1, seen: 500, updates: 500, refused: 0, modelVersion: 500 }
 * ```
 */
export interface TrainerState {
  weights: readonly number[];
  bias: number | null;
  /** Samples learned from. */
  seen: number;
  /** Delta-rule steps taken (the schedule's position). */
  updates: number;
  /** Steps refused as non-finite (default 0). */
  refused?: number;
  /** The model version. */
  modelVersion: number;
}

const LN2 = Math.LN2;

/**
 * The default learning-rate schedule of the stream layer: a constant 0.05.
 *
 * @example
 * ```ts
 * new Trainer({ inputs: 2 }).schedule === DEFAULT_SCHEDULE; // true
 * ```
 */
export const DEFAULT_SCHEDULE: LearningRateSchedule = Object.freeze({ kind: 'constant', lr: 0.05 });

/**
 * The live state of a learning stream: a model, its update options and its
 * progressive metrics, learning test-then-train (each sample is scored before
 * the model learns from it). The learning operators and `OnlineLearner` share
 * one; it holds no RxJS and does no I/O.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ inputs: 2, schedule: { kind: 'constant', lr: 0.1 } });
 * trainer.learnOne({ x: [1, 2], t: 1 }); // Math.LN2, the loss before the step
 * trainer.step(Date.now()).metrics.logLoss; // Math.LN2
 * ```
 */
export class Trainer {
  /** The live model (mutated in place by learning; never hand it out). */
  readonly model: LogisticModel;
  /** Progressive scores since the start or the last reset. */
  readonly metrics: ProgressiveMetrics;
  /** Increments on every model change: a step, a reset, a restore. */
  version = 0;
  /** Loss of the last sample or batch before its step; NaN before the first. */
  lastLoss = NaN;
  private update: UpdateOptions;
  private scores: BatchScores = { losses: new Float64Array(256), logits: new Float64Array(256) };
  private readonly initial: { readonly weights: Float64Array; readonly bias: number };

  /** @throws RangeError naming the bad option */
  constructor(options: TrainerOptions) {
    const { inputs, bias = true, init, initBias = 0, l2 = 0, reduction = 'mean', rollingWindow = 500 } = options;
    this.model = createModel({ inputs, bias, initBias, ...(init === undefined ? {} : { init }) });
    this.initial = { weights: Float64Array.from(this.model.weights), bias: this.model.bias };
    if (!Number.isFinite(l2) || l2 < 0) throw new RangeError(`l2 must be a finite number ≥ 0, got ${String(l2)}`);
    if (reduction !== 'mean' && reduction !== 'sum') throw new RangeError(`reduction must be 'mean' or 'sum', got ${String(reduction)}`);
    this.update = { schedule: validateSchedule(options.schedule ?? DEFAULT_SCHEDULE), l2, reduction };
    this.metrics = new ProgressiveMetrics(rollingWindow);
  }

  /** The learning-rate schedule in force. */
  get schedule(): LearningRateSchedule {
    return this.update.schedule;
  }

  /** The learning rate the next step will use. */
  get learningRate(): number {
    const schedule = this.update.schedule;
    return schedule.kind === 'constant' ? schedule.lr : learningRateAt(schedule, this.model.updates);
  }

  /**
   * Scores a sample, then takes one delta-rule step on it (`learnOne` of the core).
   * The sample must be valid and of the model's width (not checked: hot path).
   *
   * The sample counts as predicted right when its loss before the step is
   * below ln 2 (the true class had a probability above ½), or exactly ln 2
   * with t = 0 (a logit of 0 predicts class 0): this is the predicted class
   * of `predictClass` for every logit outside (0, 1.2·10⁻¹⁶], where the loss
   * rounds to exactly ln 2. Judging from the loss spares a second dot
   * product per sample.
   *
   * @returns the sample's loss before the step
   */
  learnOne(sample: Sample): number {
    const loss = learnOne(this.model, sample, this.update);
    this.metrics.record(loss, loss < LN2 || (loss === LN2 && sample.t === 0));
    this.lastLoss = loss;
    this.version++;
    return loss;
  }

  /**
   * {@link Trainer.learnOne} for `samples[start]` to `samples[end - 1]`, in
   * order: the fast path for arrays of samples (one call, one tight loop).
   */
  learnRange(samples: readonly Sample[], start: number, end: number): void {
    if (end <= start) return;
    const model = this.model;
    const update = this.update;
    const metrics = this.metrics;
    let loss = NaN;
    for (let i = start; i < end; i++) {
      const s = samples[i]!;
      loss = learnOne(model, s, update);
      metrics.record(loss, loss < LN2 || (loss === LN2 && s.t === 0));
    }
    this.lastLoss = loss;
    this.version += end - start;
  }

  /**
   * Scores each sample of a batch, then takes one delta-rule step on the batch
   * with its mean (or summed) gradient: the core's `learnMany`, which hands
   * back each sample's loss and logit before the step, so nothing is computed
   * twice. An empty batch changes nothing.
   *
   * @returns the batch's mean loss before the step (NaN when empty)
   */
  learnMany(batch: readonly Sample[]): number {
    const n = batch.length;
    if (n === 0) return NaN;
    let scores = this.scores;
    if (scores.losses.length < n) {
      const size = Math.max(n, 2 * scores.losses.length);
      scores = this.scores = { losses: new Float64Array(size), logits: new Float64Array(size) };
    }
    const loss = learnMany(this.model, batch, this.update, scores);
    const { losses, logits } = scores;
    const metrics = this.metrics;
    for (let k = 0; k < n; k++) metrics.record(losses[k]!, logits[k]! > 0 === (batch[k]!.t === 1));
    this.lastLoss = loss;
    this.version++;
    return loss;
  }

  /**
   * Switches the learning-rate schedule; the step count (its position) is kept.
   *
   * @throws RangeError for a schedule with a bad number
   */
  setSchedule(schedule: LearningRateSchedule): void {
    this.update = { ...this.update, schedule: validateSchedule(schedule) };
  }

  /** Back to the initial weights: counts, metrics and last loss cleared; the version increments. */
  reset(): void {
    const m = this.model;
    m.weights.set(this.initial.weights);
    m.bias = this.initial.bias;
    m.seen = 0;
    m.updates = 0;
    m.refused = 0;
    this.metrics.reset();
    this.lastLoss = NaN;
    this.version++;
  }

  /**
   * Loads a saved state (from a checkpoint): weights, bias, counts and version.
   * Metrics start afresh.
   *
   * @throws RangeError when the state does not fit this model (width, bias, non-finite numbers)
   */
  restore(state: TrainerState): void {
    const m = this.model;
    if (state.weights.length !== m.weights.length) {
      throw new RangeError(`the state has ${state.weights.length} weights, the model has ${m.weights.length} inputs`);
    }
    if ((state.bias !== null) !== m.useBias) {
      throw new RangeError(m.useBias ? 'the state has no bias, the model learns one' : 'the state has a bias, the model has none');
    }
    state.weights.forEach((w, i) => {
      if (!Number.isFinite(w)) throw new RangeError(`weights[${i}] is not a finite number: ${String(w)}`);
    });
    if (state.bias !== null && !Number.isFinite(state.bias)) throw new RangeError(`bias is not a finite number: ${String(state.bias)}`);
    m.weights.set(state.weights);
    m.bias = state.bias ?? 0;
    m.seen = state.seen;
    m.updates = state.updates;
    m.refused = state.refused ?? 0;
    this.metrics.reset();
    this.lastLoss = NaN;
    this.version = state.modelVersion;
  }

  /** The model's state now, as plain copies (what a checkpoint saves). */
  state(): TrainerState {
    const m = this.model;
    return {
      weights: Array.from(m.weights),
      bias: m.useBias ? m.bias : null,
      seen: m.seen,
      updates: m.updates,
      refused: m.refused,
      modelVersion: this.version,
    };
  }

  /**
   * A {@link Step} of the state now: copies only.
   *
   * @param time - the emission time to record (the scheduler's `now()`)
   */
  step(time: number): Step {
    const m = this.model;
    const w = m.weights;
    const weights = new Array<number>(w.length);
    for (let i = 0; i < w.length; i++) weights[i] = w[i]!;
    return {
      n: m.seen,
      loss: this.lastLoss,
      weights,
      bias: m.useBias ? m.bias : null,
      version: this.version,
      lr: this.learningRate,
      metrics: this.metrics.get(),
      time,
    };
  }
}

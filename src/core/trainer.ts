import type { UpdateOptions } from './delta-rule.js';
import { learningRateAt, validateSchedule } from './learning-rate-schedule.js';
import type { LearningRateSchedule } from './learning-rate-schedule.js';
import { addLosses } from './loss.js';
import { LossSum } from './metrics/loss-sum.js';
import { ProgressiveMetrics } from './metrics/progressive-metrics.js';
import { MiniBatch } from './mini-batch.js';
import { createModel } from './model.js';
import type { LogisticModel } from './model.js';
import type { Sample } from './sample.js';
import { isSampleBlock } from './sample-block.js';
import type { SampleBlock } from './sample-block.js';
import { learnRowsWithSteps } from './row-steps.js';
import type { StepSink, StepTimer } from './row-steps.js';
import { ScoringStepper } from './scoring-stepper.js';
import type { Step } from './step.js';
import { resolveTrainerConfig } from './trainer-config.js';
import type { ResolvedTrainerConfig, TrainerConfig, TrainingMode } from './trainer-config.js';
import { loadState, stateOf } from './trainer-state.js';
import type { TrainerState } from './trainer-state.js';

/** What a {@link Trainer} learns from: one sample, an array of samples, or a block. */
export type TrainerInput = Sample | readonly Sample[] | SampleBlock;

/**
 * The one learning engine of rxlogit: a model, its update, its progressive
 * (test-then-train) metrics and its mini-batch in progress. The `train`
 * command, the stream operators, `OnlineLearner` and the server all hand
 * their samples to one. No RxJS, no I/O.
 *
 * `learn` takes a sample, an array or a {@link SampleBlock} and steps as the
 * configured mode says: per sample, per mini-batch of `batchSize` (a batch
 * may span calls; `flush` learns the partial one), or once per call over
 * everything given (full batch). Every sample is scored before the step that
 * learns from it. The weights reached are bit for bit those of the core's
 * `learnOne` / `learnMany` loops over the same samples.
 *
 * @example
 * ```ts
 * const trainer = new Trainer({ inputs: 2, schedule: { kind: 'constant', lr: 0.1 } });
 * trainer.learn({ x: [1, 2], t: 1 });
 * trainer.learn(blockFromSamples(samples));
 * trainer.step(Date.now()).metrics.logLoss;
 * ```
 */
export class Trainer {
  /** The live model (mutated in place by learning; never hand it out). */
  readonly model: LogisticModel;
  /** Progressive scores since the start or the last reset. */
  readonly metrics: ProgressiveMetrics;
  /** The configuration with its defaults filled in. */
  readonly config: ResolvedTrainerConfig;
  /** Increments on every model change: a step, a reset, a restore. */
  version = 0;
  private loss = NaN;
  private readonly initial: { readonly weights: Float64Array; readonly bias: number };
  private readonly stepper: ScoringStepper;
  private readonly batch: MiniBatch;

  /** @throws RangeError naming every bad field of the configuration */
  constructor(config: TrainerConfig) {
    const c = (this.config = resolveTrainerConfig(config));
    validateSchedule(c.schedule);
    this.model = createModel({ inputs: c.inputs, bias: c.bias, initBias: c.initBias, ...(c.init === undefined ? {} : { init: c.init }) });
    this.initial = { weights: Float64Array.from(this.model.weights), bias: this.model.bias };
    this.metrics = new ProgressiveMetrics(c.rollingWindow);
    const update: UpdateOptions = { schedule: c.schedule, l2: c.l2, reduction: c.reduction };
    this.stepper = new ScoringStepper(this.model, update, this.metrics);
    this.batch = new MiniBatch(c.mode === 'minibatch' ? c.batchSize : 0, c.inputs);
  }

  /** Loss of the last sample or batch before its step; null before the first (kept as NaN: a number-only field is stored in place, a `number | null` one boxes every loss). */
  get lastLoss(): number | null {
    return Number.isNaN(this.loss) ? null : this.loss;
  }
  set lastLoss(loss: number | null) {
    this.loss = loss ?? NaN;
  }

  /** How this trainer steps. */
  get mode(): TrainingMode {
    return this.config.mode;
  }

  /** The learning-rate schedule in force. */
  get schedule(): LearningRateSchedule {
    return this.stepper.update.schedule;
  }

  /** The learning rate the next step will use. */
  get learningRate(): number {
    const schedule = this.stepper.update.schedule;
    return schedule.kind === 'constant' ? schedule.lr : learningRateAt(schedule, this.model.updates);
  }

  /** Samples waiting in the mini-batch in progress (minibatch mode). */
  get pendingSamples(): number {
    return this.batch.pending;
  }

  /**
   * Learns as the mode says: per sample, into mini-batches, or one full-batch step over `input`.
   * Samples must be valid and of the model's width (a block's width is checked; samples are not: hot path).
   *
   * @throws RangeError for a block of another width
   */
  learn(input: TrainerInput): void {
    const mode = this.config.mode;
    if (mode === 'sample') {
      if (isSampleBlock(input)) this.learnBlock(input);
      else if (Array.isArray(input)) this.learnRange(input as readonly Sample[], 0, input.length);
      else this.learnOne(input as Sample);
    } else if (mode === 'minibatch') {
      if (isSampleBlock(input)) this.batchBlock(input);
      else if (Array.isArray(input)) for (const s of input as readonly Sample[]) this.batchSample(s);
      else this.batchSample(input as Sample);
    } else {
      this.learnMany(Array.isArray(input) || isSampleBlock(input) ? input : [input as Sample]);
    }
  }

  /** Learns from the partial mini-batch in progress, if any (an epoch's or a stream's end). */
  flush(): void {
    const n = this.batch.take();
    if (n > 0) this.stepped(this.stepper.rows(this.batch.x, this.batch.t, 0, n));
  }

  /**
   * Scores a sample, then takes one delta-rule step on it.
   *
   * @returns the sample's loss before the step
   */
  learnOne(sample: Sample): number {
    const loss = (this.lastLoss = this.stepper.sample(sample.x, 0, sample.t));
    this.version++;
    return loss;
  }

  /** One step per sample for `samples[start]` to `samples[end − 1]`, in order (one call, one tight loop). */
  learnRange(samples: readonly Sample[], start: number, end: number): void {
    if (end <= start) return;
    this.lastLoss = this.stepper.sampleRange(samples, start, end);
    this.version += end - start;
  }

  /**
   * One step per row of a block, rows `start` to `end − 1` (default all), in order, reading the
   * features in place.
   *
   * @throws RangeError for a block of another width
   */
  learnBlock(block: SampleBlock, start = 0, end = block.length): void {
    if (end <= start) return;
    this.checkWidth(block);
    this.lastLoss = this.stepper.learnRows(block.x, block.t, start, end);
    this.version += end - start;
  }

  /**
   * {@link learnBlock} with a {@link Step} to `sink` (an RxJS `Subscriber` is one) after each row, bit for bit `learnBlock(block, r, r + 1)`
   * + `step(clock.now())`, until the sink closes: `trainer.learnBlockWithSteps(block, { now: Date.now }, subscriber); // rows learned`
   * @throws RangeError for a block of another width
   */
  learnBlockWithSteps(block: SampleBlock, clock: StepTimer, sink: StepSink, start = 0, end = block.length): number {
    this.checkWidth(block);
    return learnRowsWithSteps(this, this.stepper, block, start, end, clock, sink);
  }

  /**
   * Scores each sample of a batch, then takes one step with the batch's mean (or summed) gradient.
   * An empty batch changes nothing.
   *
   * @returns the batch's mean loss before the step (NaN when empty)
   * @throws RangeError for a block of another width
   */
  learnMany(batch: readonly Sample[] | SampleBlock): number;
  /** One step on rows `start … end − 1` of a block, read in place (a batch cut from a larger block without a view). */
  learnMany(block: SampleBlock, start: number, end: number): number;
  learnMany(batch: readonly Sample[] | SampleBlock, start = 0, end = batch.length): number {
    if (end <= start) return NaN;
    if (!isSampleBlock(batch)) return this.stepped(this.stepper.samples(batch as readonly Sample[]));
    this.checkWidth(batch);
    return this.stepped(this.stepper.rows(batch.x, batch.t, start, end));
  }

  /**
   * The mean loss of the model now over some samples, without learning or scoring: finite even
   * when every loss is near `MAX_VALUE`.
   *
   * @returns NaN for no samples
   */
  meanLoss(input: readonly Sample[] | SampleBlock): number {
    const sum = new LossSum();
    this.addLosses(input, sum);
    return sum.mean(input.length);
  }

  /** Adds the loss of the model now on every sample of `input` to `sum`, in order (a mean over several blocks). */
  addLosses(input: readonly Sample[] | SampleBlock, sum: LossSum): void {
    addLosses(this.model, input, sum);
  }

  /**
   * Switches the learning-rate schedule; the step count (its position) is kept.
   *
   * @throws RangeError for a schedule with a bad number
   */
  setSchedule(schedule: LearningRateSchedule): void {
    this.stepper.update = { ...this.stepper.update, schedule: validateSchedule(schedule) };
  }

  /** Back to the initial weights: counts, metrics, last loss and the pending mini-batch cleared; the version increments. */
  reset(): void {
    const m = this.model;
    m.weights.set(this.initial.weights);
    m.bias = this.initial.bias;
    m.seen = m.updates = m.refused = 0;
    this.clearScores();
    this.version++;
  }

  /**
   * Loads a saved state (from a checkpoint): weights, bias, counts, version,
   * and the last loss and progressive metrics when the state has them (a
   * state without them starts those afresh). The pending mini-batch is dropped.
   *
   * @throws RangeError when the state does not fit this model (width, bias, non-finite numbers, inconsistent metrics); nothing is changed then
   */
  restore(state: TrainerState): void {
    const metrics = new ProgressiveMetrics(this.config.rollingWindow);
    if (state.metrics !== undefined) metrics.load(state.metrics); // throws before anything changes
    loadState(this.model, state);
    this.clearScores();
    if (state.metrics !== undefined) this.metrics.load(state.metrics);
    this.lastLoss = state.loss ?? null;
    this.version = state.modelVersion;
  }

  /** The model's state now, as plain copies (what a checkpoint saves), with the last loss and the progressive metrics. */
  state(): TrainerState {
    return stateOf(this.model, this.version, this.lastLoss, this.metrics.save());
  }

  /** A {@link Step} of the state now, copies only; `time` is the emission time to record (the scheduler's `now()`). */
  step(time: number): Step {
    const { model: m, loss, stepper } = this;
    const w = m.weights;
    const weights = new Array<number>(w.length);
    for (let i = 0; i < w.length; i++) weights[i] = w[i]!;
    // The loss and a constant rate (rule kind 0) read in place: a getter V8 does not inline boxes the number it returns.
    const lr = stepper.rule.kind === 0 ? stepper.rule.lr : this.learningRate;
    return { n: m.seen, loss: Number.isNaN(loss) ? null : loss, weights, bias: m.useBias ? m.bias : null, version: this.version, lr, metrics: this.metrics.get(), time };
  }

  /** Records a batch step's mean loss and the new version; returns the loss. */
  private stepped(loss: number): number {
    this.lastLoss = loss;
    this.version++;
    return loss;
  }

  private clearScores(): void {
    this.metrics.reset();
    this.lastLoss = null;
    this.batch.take();
  }

  private checkWidth(block: SampleBlock): void {
    if (block.width !== this.model.weights.length && block.length > 0) {
      throw new RangeError(`the block has ${block.width} features per sample, the model has ${this.model.weights.length} inputs`);
    }
  }

  /** Adds a sample to the mini-batch in progress; steps when it is full. */
  private batchSample(sample: Sample): void {
    if (this.batch.push(sample)) this.flush();
  }

  /**
   * Minibatch mode: rows `start` to `end − 1` of a block (default all) into the mini-batch in
   * progress, stepping on every batch that fills (whole batches inside the block are learned in
   * place, with no copy); the rest waits for the next call or {@link flush}.
   *
   * @returns the number of steps taken
   * @throws RangeError for a block of another width; Error when the trainer is not in minibatch mode
   */
  batchBlock(block: SampleBlock, start = 0, end = block.length): number {
    const batch = this.batch;
    if (batch.size === 0) throw new Error(`batchBlock: the trainer steps per ${this.config.mode === 'sample' ? 'sample' : 'pass'}, not per mini-batch`);
    if (end <= start) return 0;
    this.checkWidth(block);
    const steps = Math.floor((batch.pending + end - start) / batch.size);
    const loss = this.stepper.batchBlock(batch, block, start, end);
    if (steps > 0) {
      this.lastLoss = loss;
      this.version += steps;
    }
    return steps;
  }
}

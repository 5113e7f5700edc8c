import { asyncScheduler } from 'rxjs';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import { predictClass, predictProba } from '../core/index.js';
import type { Label, LearningRateSchedule, Sample } from '../core/index.js';
import type { ScoredMetrics } from '../core/metrics/index.js';
import type { ModelSnapshot } from '../io/checkpoint-file.js';
import { Checkpointer } from '../io/checkpointer.js';
import type { CheckpointResult } from '../io/checkpointer.js';
import { modelSnapshot, resumeCheckpoint } from '../io/model-snapshot.js';
import { checkLearnerConfig, learnerConfigToJson } from './learner-config.js';
import type { LearnerConfig } from './learner-config.js';
import { endLearner } from './learner-ending.js';
import { LearnerIntake } from './learner-intake.js';
import type { PushResult } from '../core/index.js';
import { LearnerPipeline, learningOperator } from './learner-pipeline.js';
import { LearnerSources } from './learner-sources.js';
import type { LearnFromOptions } from './learner-sources.js';
import { LearnerStreams } from './learner-streams.js';
import type { Rejection } from './rejection.js';
import type { SourceError } from './source-error.js';
import { sampleRejectionReason } from './sample-schema.js';
import type { Step } from '../core/index.js';
import { Trainer, TRAINER_DEFAULTS } from '../core/index.js';

export type { LearnFromOptions } from './learner-sources.js';

/**
 * An online logistic classifier wired to streams: feed it samples from any
 * Observable (`learnFrom`) or synchronously (`push`); subscribe to its hot,
 * shared streams of steps, loss, weights, metrics, rejections and samples.
 * Learning is test-then-train, per sample or per mini-batch; emission is
 * throttled apart from learning (`emitEvery`); with `checkpoint`, the model
 * is saved as it learns and a learner started on the same file resumes.
 *
 * The learner lives until `close()`: a source that completes just stops
 * feeding it, and a source that fails is reported on `errors$` (with its
 * name) while the learner goes on with `push` and its other sources. A source
 * given `endWithSource: true` ends the learner with it instead (one-shot
 * use). Ending means: the pending mini-batch learned, a final step, a final
 * checkpoint, then every stream completes; no timer, listener or signal
 * handler is left behind.
 *
 * @example
 * ```ts
 * const learner = new OnlineLearner({ inputs: 2, emitEvery: { samples: 500 } });
 * learner.loss$.subscribe((loss) => console.log('loss', loss.toFixed(4)));
 * learner.learnFrom(gaussianSamples({ seed: 1, count: 5000 }), { endWithSource: true });
 * learner.predict([1.5, 0]); // 1
 * await learner.close();
 * ```
 */
export class OnlineLearner {
  /** The configuration, as given (checked). */
  readonly config: Readonly<LearnerConfig>;
  /** Steps: hot and shared; a subscriber gets the current state at once, then every emitted step. */
  readonly steps$: Observable<Step>;
  /** Loss of each emitted step's last sample or batch (steps without a loss yet are skipped). */
  readonly loss$: Observable<number>;
  /** Weights of each emitted step (copies). */
  readonly weights$: Observable<number[]>;
  /** Progressive metrics of each emitted step (steps before the first sample, whose scores are null, are skipped). */
  readonly metrics$: Observable<ScoredMetrics>;
  /** Every rejected input, from `push` and from every source. */
  readonly rejected$: Observable<Rejection>;
  /** Accepted samples, in order, as they enter the learner (not copied). */
  readonly samples$: Observable<Sample>;
  /** The result of every checkpoint write. */
  readonly checkpoints$: Observable<CheckpointResult>;
  /** Sources of `learnFrom` that failed, by name; completes when the learner ends. */
  readonly errors$: Observable<SourceError>;

  private readonly trainer: Trainer;
  private readonly streams: LearnerStreams;
  private readonly intake: LearnerIntake;
  private readonly scheduler: SchedulerLike;
  private readonly checkpointer: Checkpointer | undefined;
  private readonly sources: LearnerSources;
  private readonly pipeline: LearnerPipeline;
  /** Set once the learner has ended: settles after the final checkpoint. */
  private ended: Promise<void> | null = null;

  /**
   * @param config - see {@link LearnerConfig}; only `inputs` is required
   * @throws RangeError naming a bad field; CheckpointError when the checkpoint file exists but is corrupt, foreign or of another shape
   */
  constructor(config: LearnerConfig) {
    this.config = checkLearnerConfig(config);
    const { inputs, checkpoint } = config;
    this.scheduler = config.scheduler ?? asyncScheduler;
    this.trainer = new Trainer(config); // the trainer takes its own fields of the configuration
    const resumed = checkpoint === undefined ? undefined : resumeCheckpoint(this.trainer, checkpoint.path);
    this.streams = new LearnerStreams(() => this.currentStep());
    ({ steps$: this.steps$, loss$: this.loss$, weights$: this.weights$, metrics$: this.metrics$ } = this.streams);
    ({ rejected$: this.rejected$, samples$: this.samples$, checkpoints$: this.checkpoints$ } = this.streams);
    this.pipeline = new LearnerPipeline(learningOperator(this.trainer, config, this.scheduler), {
      deliver: (step) => this.streams.step(step),
      delivered: (step) => this.checkpointer?.noteSeen(step.n),
      ended: (err) => this.afterLastStep(err),
    });
    this.intake = new LearnerIntake(inputs, config.recentSamples ?? 500, this.streams, (input) => this.pipeline.give(input));
    this.sources = new LearnerSources(this.intake, () => this.checkpointer?.noteSeen(this.trainer.model.seen), (err) => this.stopInput(err));
    this.errors$ = this.sources.errors$;
    this.checkpointer =
      checkpoint === undefined
        ? undefined
        : new Checkpointer({
            ...checkpoint,
            snapshot: () => this.snapshot(),
            beforeExit: () => this.close(),
            onResult: (r) => this.streams.checkpoint(r),
          });
    this.checkpointer?.restartCount(this.trainer.model.seen);
    // What the file holds is not rewritten by the timer until the model changes.
    if (resumed !== undefined) this.checkpointer?.markSaved(resumed);
  }

  /** Valid samples dropped while paused. */
  get skippedWhilePaused(): number {
    return this.intake.skippedWhilePaused;
  }

  /** Inputs rejected so far. */
  get rejectedCount(): number {
    return this.intake.rejectedCount;
  }

  /** Whether learning is paused (samples arriving meanwhile are counted in `skippedWhilePaused`). */
  get paused(): boolean {
    return this.intake.paused;
  }

  /** Whether the learner has ended (its source ended, or `close()` was called). */
  get closed(): boolean {
    return this.ended !== null;
  }

  /**
   * Learns from a source: untrusted values (checked one by one, invalid ones
   * go to `rejected$` with their position in the source), or with `trusted`
   * typed samples and chunks. When the source completes it just stops
   * feeding; when it fails its error goes to `errors$` and the learner goes
   * on. With `endWithSource: true` either ends the learner.
   *
   * @returns this source's subscription: unsubscribe to stop this source only
   * @throws Error when the learner is closed
   * @example
   * ```ts
   * learner.learnFrom(fromEmitter(bus, 'labelled'), { name: 'bus' });
   * learner.learnFrom(gaussianSamples({ seed: 3, rate: 100 }), { trusted: true });
   * ```
   */
  learnFrom(source$: Observable<unknown>, options: LearnFromOptions = {}): Subscription {
    this.assertOpen('learnFrom');
    return this.sources.add(source$, options);
  }

  /**
   * Validates untrusted items (a WebSocket message's samples) and learns the
   * valid ones in order, synchronously. Invalid items also go to `rejected$`
   * (source `'push'`).
   *
   * @throws TypeError when `items` is not an array; Error when the learner is closed
   * @example
   * ```ts
   * learner.push([{ x: [1, 2], t: 1 }, { x: [1], t: 0 }]); // { accepted: 1, rejected: [{ index: 1, reason: 'x: has 1 value, expected 2' }], skipped: 0 }
   * ```
   */
  push(items: readonly unknown[]): PushResult {
    this.assertOpen('push');
    if (!Array.isArray(items)) throw new TypeError('push expects an array of samples');
    const result = this.intake.push(items);
    this.checkpointer?.noteSeen(this.trainer.model.seen);
    return result;
  }

  /** A copy of the last `recentSamples` accepted samples, oldest first. */
  recentSamples(): Sample[] {
    return this.intake.recent();
  }

  /** The state now, as a new {@link Step} (copies). */
  currentStep(): Step {
    return this.trainer.step(this.scheduler.now());
  }

  /**
   * P(t = 1 | x) from the live model.
   *
   * @throws TypeError when `x` is not an array of `inputs` finite numbers
   */
  predictProba(x: readonly number[]): number {
    const reason = sampleRejectionReason({ x, t: 0 }, this.config.inputs);
    if (reason !== null) throw new TypeError(`predictProba: ${reason}`);
    return predictProba(this.trainer.model, x);
  }

  /**
   * The predicted class of `x` (1 when P(t = 1 | x) > 0.5).
   *
   * @throws TypeError when `x` is not an array of `inputs` finite numbers
   */
  predict(x: readonly number[]): Label {
    const reason = sampleRejectionReason({ x, t: 0 }, this.config.inputs);
    if (reason !== null) throw new TypeError(`predict: ${reason}`);
    return predictClass(this.trainer.model, x);
  }

  /** The model's state as a checkpoint holds it (a deep copy). */
  snapshot(): ModelSnapshot {
    return modelSnapshot(this.trainer.state(), { ...learnerConfigToJson(this.config), schedule: { ...this.trainer.schedule } });
  }

  /** Stops learning: samples arriving while paused are dropped and counted. */
  pause(): void {
    this.intake.paused = true;
  }

  /** Learns again after {@link pause}. */
  resume(): void {
    this.intake.paused = false;
  }

  /**
   * Back to the configuration: initial weights, the configured learning-rate
   * schedule (a rate set while running is dropped), counts and metrics
   * cleared, version + 1; emits a step.
   */
  reset(): void {
    this.assertOpen('reset');
    this.trainer.reset();
    this.trainer.setSchedule(this.config.schedule ?? TRAINER_DEFAULTS.schedule);
    this.checkpointer?.restartCount(0);
    this.streams.step(this.currentStep());
  }

  /**
   * Switches to a constant learning rate (the step count is kept); emits a step.
   *
   * @throws RangeError when `lr` is not a finite number ≥ 0
   */
  setLearningRate(lr: number): void {
    this.setSchedule({ kind: 'constant', lr });
  }

  /**
   * Switches the learning-rate schedule (the step count is kept); emits a step.
   *
   * @throws RangeError for a bad schedule
   */
  setSchedule(schedule: LearningRateSchedule): void {
    this.assertOpen('setSchedule');
    this.trainer.setSchedule(schedule);
    this.streams.step(this.currentStep());
  }

  /**
   * Writes a checkpoint now, if the learner has one configured.
   *
   * @returns the write's result, or `undefined` without a checkpoint
   */
  async checkpoint(): Promise<CheckpointResult | undefined> {
    return this.checkpointer?.save();
  }

  /**
   * Ends the learner: sources unsubscribed, the pending mini-batch learned,
   * a final step, a final checkpoint, every stream completed, timers and
   * signal handlers removed. Safe to call more than once.
   *
   * @throws CheckpointError (as a rejection) when the final checkpoint cannot be written
   */
  close(): Promise<void> {
    this.stopInput(undefined);
    return this.ended!;
  }

  /** Ends the input: the pipeline learns the pending mini-batch, emits the final step and completes (or fails), which calls afterLastStep. */
  private stopInput(err: unknown): void {
    if (this.ended !== null) return;
    this.pipeline.end(err);
    this.afterLastStep(err); // in case the pipeline had already ended
  }

  /** Once the pipeline is done: the learner ends (see `endLearner`); `ended` settles after the final checkpoint. */
  private afterLastStep(err: unknown): void {
    if (this.ended !== null) return;
    const { sources, pipeline, streams, checkpointer } = this;
    this.ended = endLearner({ sources, pipeline, streams, checkpointer }, this.currentStep(), err);
  }

  private assertOpen(what: string): void {
    if (this.ended !== null) throw new Error(`${what}: the learner is closed (close() was called, or a source given endWithSource ended)`);
  }
}

import { asyncScheduler } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscriber } from 'rxjs';
import type { Sample, SampleBlock, TrainerInput } from '../../core/index.js';
import { checkEmitEvery, EmissionThrottle } from '../emission-throttle.js';
import { OperatorSubscriber, operateWith } from './operate.js';
import type { EmitEvery } from '../emission-throttle.js';
import { StepClock } from '../step-clock.js';
import type { Step } from '../../core/index.js';
import { Trainer } from '../../core/index.js';
import type { TrainerConfig } from '../../core/index.js';

/**
 * Options of the learning operators ({@link learnEach}, `learnBatches`).
 *
 * @example
 * ```ts
 * const options: LearnOptions = { emitEvery: { samples: 1000, ms: 250 } };
 * ```
 */
export interface LearnOptions {
  /** When to emit a step (default: after every sample or batch); the latest state wins. */
  emitEvery?: EmitEvery;
  /** Clock of `emitEvery.ms` and of `Step.time` (default `asyncScheduler`, whose `now()` is `Date.now()`). */
  scheduler?: SchedulerLike;
}

/**
 * Learns per sample: one delta-rule step for each sample, test-then-train
 * (each sample is scored before the model learns from it), emitting a
 * {@link Step} as `emitEvery` asks and a final one when the source completes
 * or fails (before the error), if any sample is not yet reported.
 *
 * The source may emit single samples (an event source), arrays of samples
 * or {@link SampleBlock}s (what the generator and the file sources emit):
 * arrays and blocks are learned one step per sample, in order, and emission
 * points fall between their samples exactly where they would fall for the
 * same samples one by one. Use `learnBatches` for one step per array or block.
 * A block of another width than the model fails the stream with a RangeError.
 *
 * Given a {@link Trainer}, every subscription learns into it (share it with
 * `predict` calls, a learner, other sources); given options, each
 * subscription learns into a fresh model of its own.
 *
 * @param target - a shared `Trainer`, or the options of a new one per subscription
 * @param options - `emitEvery` (default every sample), `scheduler` (default `asyncScheduler`)
 * @example
 * ```ts
 * gaussianSamples({ seed: 1, count: 10_000 })
 *   .pipe(learnEach({ inputs: 2 }, { emitEvery: { samples: 1000 } }))
 *   .subscribe((step) => console.log(step.n, step.metrics.rollingLogLoss));
 * ```
 */
export function learnEach(
  target: Trainer | TrainerConfig,
  options: LearnOptions = {},
): OperatorFunction<TrainerInput, Step> {
  const scheduler = options.scheduler ?? asyncScheduler;
  checkEmitEvery(options.emitEvery);
  return operateWith<TrainerInput, Step>((subscriber) => {
    const trainer = target instanceof Trainer ? target : new Trainer(target);
    const clock = new StepClock(scheduler);
    return new EachLearner(trainer, subscriber, clock, new EmissionThrottle(options.emitEvery, scheduler, () => subscriber.next(trainer.step(clock.now()))));
  });
}

/**
 * One subscription of {@link learnEach}, its own subscriber to the source:
 * the per-sample path is the subscriber's `_next` itself (no call into a
 * separate body), kept to a shape test, the trainer's `learnOne` and the
 * throttle's count; chunks and blocks are learned in runs that end where a
 * step is due.
 */
class EachLearner extends OperatorSubscriber<TrainerInput> {
  constructor(
    private readonly trainer: Trainer,
    private readonly subscriber: Subscriber<Step>,
    private readonly clock: StepClock,
    private readonly throttle: EmissionThrottle,
  ) {
    super(subscriber);
  }

  protected override _next(value: TrainerInput): void {
    try {
      // A sample's label is a number; a block's is a Uint8Array and an array has none: one load tells them apart.
      if (typeof (value as Sample).t === 'number') {
        this.trainer.learnOne(value as Sample);
        this.throttle.tick(1);
      } else if (Array.isArray(value)) this.learnChunk(value as readonly Sample[]);
      else this.learnBlock(value as SampleBlock);
    } catch (err) {
      this.fail(err);
    }
  }

  override flush(): void {
    this.throttle.flush();
  }

  override teardown(): void {
    this.throttle.dispose();
  }

  private learnChunk(chunk: readonly Sample[]): void {
    const { trainer, throttle, subscriber } = this;
    for (let i = 0; i < chunk.length && !subscriber.closed; ) {
      const n = Math.min(chunk.length - i, throttle.untilDue());
      trainer.learnRange(chunk, i, i + n);
      i += n;
      throttle.tick(n);
    }
  }

  private learnBlock(block: SampleBlock): void {
    const { trainer, throttle, subscriber } = this;
    if (throttle.everySample) {
      this.stepEachRow(block);
      return;
    }
    for (let i = 0; i < block.length && !subscriber.closed; ) {
      const n = Math.min(block.length - i, throttle.untilDue());
      trainer.learnBlock(block, i, i + n);
      i += n;
      throttle.tick(n);
    }
  }

  /**
   * A step after every row (the throttle emits after every sample): each row is learned and its
   * step emitted straight away, without the throttle's count (which would fire every time).
   */
  private stepEachRow(block: SampleBlock): void {
    this.trainer.learnBlockWithSteps(block, this.clock, this.subscriber);
  }
}

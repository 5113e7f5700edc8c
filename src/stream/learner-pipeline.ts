import { Observable, pipe } from 'rxjs';
import type { Observer, OperatorFunction, SchedulerLike, Subscriber } from 'rxjs';
import { copyBlock, isSampleBlock } from '../core/index.js';
import type { TrainerInput } from '../core/index.js';
import { FeedQueue } from './feed-queue.js';
import type { LearnerConfig } from './learner-config.js';
import { batchByCount } from './operators/batch-by-count.js';
import { batchByTime } from './operators/batch-by-time.js';
import { learnBatches } from './operators/learn-batches.js';
import { learnEach } from './operators/learn-each.js';
import { learnMiniBatches } from './operators/learn-mini-batches.js';
import type { Step } from '../core/index.js';
import type { Trainer } from '../core/index.js';

/**
 * The learning operators a learner configuration asks for: `learnEach` per
 * sample, `learnMiniBatches` (the trainer's own batching) per mini-batch by
 * count, or `batchByTime` then `learnBatches` by time window.
 *
 * @example
 * ```ts
 * samples$.pipe(learningOperator(trainer, { inputs: 2, mode: 'minibatch', batchSize: 64 }, asyncScheduler));
 * ```
 */
export function learningOperator(
  trainer: Trainer,
  config: LearnerConfig,
  scheduler: SchedulerLike,
): OperatorFunction<TrainerInput, Step> {
  const { mode = 'sample', batchSize = 32, batchWindowMs, emitEvery } = config;
  const options = { scheduler, ...(emitEvery === undefined ? {} : { emitEvery }) };
  if (mode === 'sample') return learnEach(trainer, options);
  if (batchWindowMs === undefined && trainer.mode === 'minibatch' && trainer.config.batchSize === batchSize) return learnMiniBatches(trainer, options);
  const batches = batchWindowMs === undefined ? batchByCount(batchSize) : batchByTime(batchWindowMs, { maxSize: batchSize, scheduler });
  return pipe(batches, learnBatches(trainer, options));
}

/**
 * Runs an operator on values pushed by hand: returns the subscriber to push
 * into (`next`, and `complete` or `error` to end, which flushes the
 * operator), and delivers what comes out to `observer`.
 *
 * @example
 * ```ts
 * const sink = openSink(learnEach(trainer), { next: (step) => console.log(step.n) });
 * sink.next({ x: [1, 2], t: 1 });
 * sink.complete();
 * ```
 */
export function openSink<In, Out>(operator: OperatorFunction<In, Out>, observer: Partial<Observer<Out>>): Subscriber<In> {
  let sink: Subscriber<In> | undefined;
  new Observable<In>((s) => {
    sink = s;
  })
    .pipe(operator)
    .subscribe(observer);
  return sink!;
}

/**
 * The input of a learner's learning pipeline: inputs go in through a
 * {@link FeedQueue} (an input given while a step is being delivered waits for
 * it, so subscribers see the steps in order), steps and the end come out.
 *
 * @example
 * ```ts
 * const pipeline = new LearnerPipeline(learnEach(trainer), {
 *   deliver: (step) => subject.next(step), // inputs given meanwhile wait
 *   delivered: (step) => checkpointer.noteSeen(step.n),
 *   ended: (err) => console.log('done', err),
 * });
 * pipeline.give(block);
 * pipeline.end(undefined); // flushes: the final step, then ended(undefined)
 * ```
 */
export class LearnerPipeline {
  private readonly feed: FeedQueue<TrainerInput>;
  private readonly sink: Subscriber<TrainerInput>;

  /**
   * @param operator - the learning operators
   * @param out - `deliver` hands a step to subscribers; `delivered` follows it (once the inputs that waited are learned); `ended` gets the pipeline's end
   */
  constructor(
    operator: OperatorFunction<TrainerInput, Step>,
    out: { deliver(step: Step): void; delivered(step: Step): void; ended(err: unknown): void },
  ) {
    // An input that must wait is copied if it is a block: its producer may reuse it.
    this.feed = new FeedQueue<TrainerInput>(
      (input) => this.sink.next(input),
      (input) => (isSampleBlock(input) ? copyBlock(input) : input),
    );
    const deliver = (step: Step): void => out.deliver(step);
    this.sink = openSink(operator, {
      next: (step) => {
        this.feed.deliver(deliver, step);
        out.delivered(step);
      },
      error: (err: unknown) => out.ended(err),
      complete: () => out.ended(undefined),
    });
  }

  /** Learns `input` now, or after the step being delivered. */
  give(input: TrainerInput): void {
    this.feed.give(input);
  }

  /** Ends the input (the operators flush: the pending mini-batch, the final step), failing it with `err` when given. */
  end(err: unknown): void {
    if (err === undefined) this.sink.complete();
    else this.sink.error(err);
  }

  /** Drops the inputs waiting (the learner is ending). */
  clear(): void {
    this.feed.clear();
  }
}

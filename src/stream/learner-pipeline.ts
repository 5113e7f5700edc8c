import { Observable, pipe } from 'rxjs';
import type { Observer, OperatorFunction, SchedulerLike, Subscriber } from 'rxjs';
import type { TrainerInput } from '../core/index.js';
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

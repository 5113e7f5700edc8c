import { asyncScheduler } from 'rxjs';
import type { Observable, OperatorFunction, Subscriber } from 'rxjs';
import type { Sample, SampleBlock, TrainerInput } from '../../core/index.js';
import { batchedBy, CountBatcher } from './count-batcher.js';
import { checkEmitEvery, EmissionThrottle } from '../emission-throttle.js';
import { StepClock } from '../step-clock.js';
import type { Step } from '../../core/index.js';
import { Trainer } from '../../core/index.js';
import type { TrainerConfig } from '../../core/index.js';
import type { LearnOptions } from './learn-each.js';
import { operate } from './operate.js';

/**
 * Learns per mini-batch: one delta-rule step for each array of samples or
 * {@link SampleBlock} (the
 * core's `learnMany`: mean gradient by default), test-then-train (every
 * sample of the batch is scored before the step). Emits a {@link Step} as
 * `emitEvery` asks (`samples` counts samples, not batches) and a final one
 * when the source completes or fails, if anything is not yet reported.
 * Empty arrays and blocks are skipped; a block of another width than the
 * model fails the stream with a RangeError.
 *
 * Feed it from {@link batchByCount} or {@link batchByTime}. Right after
 * `batchByCount`, it learns the same batches from that operator's source in
 * place: whole batches inside a block are learned as views of it, never
 * copied or emitted (the result is the same, step for step).
 *
 * @param target - a shared `Trainer`, or the options of a new one per subscription
 * @param options - `emitEvery` (default every batch), `scheduler` (default `asyncScheduler`)
 * @example
 * ```ts
 * samples$.pipe(batchByCount(64), learnBatches(trainer)).subscribe((step) => console.log(step.loss));
 * ```
 */
export function learnBatches(
  target: Trainer | TrainerConfig,
  options: LearnOptions = {},
): OperatorFunction<readonly Sample[] | SampleBlock, Step> {
  const scheduler = options.scheduler ?? asyncScheduler;
  checkEmitEvery(options.emitEvery);
  const learning = (subscriber: Subscriber<Step>): { trainer: Trainer; throttle: EmissionThrottle } => {
    const trainer = target instanceof Trainer ? target : new Trainer(target);
    const clock = new StepClock(scheduler);
    return { trainer, throttle: new EmissionThrottle(options.emitEvery, scheduler, () => subscriber.next(trainer.step(clock.now()))) };
  };
  const batches = operate<readonly Sample[] | SampleBlock, Step>((subscriber) => {
    const { trainer, throttle } = learning(subscriber);
    return {
      next: (batch) => {
        if (batch.length === 0) return;
        trainer.learnMany(batch);
        throttle.tick(batch.length);
      },
      flush: () => throttle.flush(),
      teardown: () => throttle.dispose(),
    };
  });
  // Fused with a batchByCount before it: the same batches, cut by the same code, learned in place.
  const fused = (source: Observable<TrainerInput>, size: number): Observable<Step> =>
    source.pipe(
      operate<TrainerInput, Step>((subscriber) => {
        const { trainer, throttle } = learning(subscriber);
        const learn = (batch: readonly Sample[]): void => {
          trainer.learnMany(batch);
          throttle.tick(batch.length);
        };
        // A batch leaves the batcher as it fills, so nothing is held when learning one throws: nothing to let out then.
        const batcher = new CountBatcher(size, {
          get closed() {
            return subscriber.closed;
          },
          rows: (block, start, end) => {
            trainer.learnMany(block, start, end);
            throttle.tick(end - start);
          },
          samples: learn,
        });
        return {
          next: (value) => batcher.add(value),
          flush: () => {
            batcher.flush();
            throttle.flush();
          },
          teardown: () => {
            batcher.clear();
            throttle.dispose();
          },
        };
      }),
    );
  return (source) => {
    const batched = batchedBy(source);
    return batched === undefined ? batches(source) : fused(batched.source, batched.size);
  };
}

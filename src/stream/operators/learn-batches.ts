import { asyncScheduler } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { Sample, SampleBlock } from '../../core/index.js';
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
 * Feed it from {@link batchByCount} or {@link batchByTime}.
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
  return operate<readonly Sample[] | SampleBlock, Step>((subscriber) => {
    const trainer = target instanceof Trainer ? target : new Trainer(target);
    const clock = new StepClock(scheduler);
    const throttle = new EmissionThrottle(options.emitEvery, scheduler, () => subscriber.next(trainer.step(clock.now())));
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
}

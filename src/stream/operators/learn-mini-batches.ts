import { asyncScheduler } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { isSampleBlock } from '../../core/index.js';
import type { Sample, Step, Trainer, TrainerInput } from '../../core/index.js';
import { checkEmitEvery, EmissionThrottle } from '../emission-throttle.js';
import { StepClock } from '../step-clock.js';
import type { LearnOptions } from './learn-each.js';
import { operate } from './operate.js';

/**
 * Learns per mini-batch with the trainer's own batching (a trainer in
 * `minibatch` mode): what `batchByCount(size)` then `learnBatches` do, with
 * the same batches, steps and emission points, but whole batches inside a
 * block are learned in place, with no copy and no value per batch. The
 * partial batch is learned when the source completes or fails.
 *
 * @param trainer - a trainer in `minibatch` mode
 * @param options - `emitEvery` (default every batch; `samples` counts samples), `scheduler`
 * @throws Error when the trainer is not in `minibatch` mode
 * @example
 * ```ts
 * blocks$.pipe(learnMiniBatches(new Trainer({ inputs: 2, mode: 'minibatch', batchSize: 64 })));
 * ```
 */
export function learnMiniBatches(trainer: Trainer, options: LearnOptions = {}): OperatorFunction<TrainerInput, Step> {
  if (trainer.mode !== 'minibatch') throw new Error(`learnMiniBatches needs a trainer in minibatch mode, got '${trainer.mode}'`);
  const scheduler = options.scheduler ?? asyncScheduler;
  checkEmitEvery(options.emitEvery);
  const size = trainer.config.batchSize;
  return operate<TrainerInput, Step>((subscriber) => {
    const clock = new StepClock(scheduler);
    const throttle = new EmissionThrottle(options.emitEvery, scheduler, () => subscriber.next(trainer.step(clock.now())));
    // Steps are counted as learnBatches counts them: a batch's samples at once, after its step.
    const one = (sample: Sample): void => {
      trainer.learn(sample);
      if (trainer.pendingSamples === 0) throttle.tick(size);
    };
    return {
      next: (value) => {
        if (isSampleBlock(value)) {
          // Up to the batch that makes the next step due, so that emission points fall where they fall batch by batch.
          for (let r = 0; r < value.length && !subscriber.closed; ) {
            const batches = Math.max(1, Math.ceil(throttle.untilDue() / size));
            const end = Math.min(value.length, r + batches * size - trainer.pendingSamples);
            const steps = trainer.batchBlock(value, r, end);
            r = end;
            if (steps > 0) throttle.tick(steps * size);
          }
        } else if (Array.isArray(value)) {
          for (let i = 0; i < value.length && !subscriber.closed; i++) one((value as readonly Sample[])[i]!);
        } else one(value as Sample);
      },
      flush: () => {
        const n = trainer.pendingSamples;
        if (n > 0 && !subscriber.closed) {
          trainer.flush();
          throttle.tick(n);
        }
        throttle.flush();
      },
      teardown: () => throttle.dispose(),
    };
  });
}

import { asyncScheduler } from 'rxjs';
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import { checkEmitEvery, EmissionThrottle } from '../emission-throttle.js';
import type { EmitEvery } from '../emission-throttle.js';
import { operate } from './operate.js';

/**
 * Thins a fast stream: passes on the latest value once `every.samples` values
 * have arrived since the last one passed, or `every.ms` after the first value
 * held back, whichever comes first; values in between are dropped (the
 * latest wins). The last held value is passed on when the source completes
 * or fails. Use it to pace what a slow consumer (a socket, a chart) sees.
 *
 * @param every - `{ samples?, ms? }` (neither: every value passes); see {@link EmitEvery} for what `ms` does exactly
 * @param scheduler - the clock of `every.ms` (default `asyncScheduler`)
 * @throws RangeError for a bad `every`, and for `heartbeatMs` (a heartbeat emits the state now, which only a learning stream has)
 * @example
 * ```ts
 * learner.steps$.pipe(emitEvery({ ms: 100 })).subscribe(draw); // at most ~10 frames a second
 * ```
 */
export function emitEvery<T>(every: EmitEvery, scheduler: SchedulerLike = asyncScheduler): MonoTypeOperatorFunction<T> {
  checkEmitEvery(every);
  if (every.heartbeatMs !== undefined) throw new RangeError('emitEvery.heartbeatMs applies to learning streams (learnEach, learnBatches, OnlineLearner), not to the emitEvery operator');
  return operate<T, T>((subscriber) => {
    let latest: T | undefined;
    const throttle = new EmissionThrottle(every, scheduler, () => {
      const value = latest as T;
      latest = undefined;
      subscriber.next(value);
    });
    return {
      next: (value) => {
        latest = value;
        throttle.tick(1);
      },
      flush: () => throttle.flush(),
      teardown: () => {
        throttle.dispose();
        latest = undefined;
      },
    };
  });
}

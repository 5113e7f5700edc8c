import { Observable } from 'rxjs';
import type { OperatorFunction, Subscriber } from 'rxjs';
import { linkedSubscribe } from './linked-subscribe.js';

/**
 * What is special about one operator, for {@link operate}: what it does with
 * each value, what it holds back and must let out at the end, and what it
 * frees when its subscription ends.
 *
 * @example
 * ```ts
 * const body: OperatorBody<number> = { next: (v) => { sum += v; }, flush: () => subscriber.next(sum) };
 * ```
 */
export interface OperatorBody<In> {
  /** Handles one value of the source. */
  next(value: In): void;
  /** Emits what is held back; runs before the source's completion or error is passed on. */
  flush?(): void;
  /** Frees the subscription's state (timers, buffers) when the subscription ends, however it ends. */
  teardown?(): void;
}

/**
 * The plumbing every rxlogit operator shares, as RxJS's own `operate()`
 * serves its operators: one subscription per subscriber with its own state
 * (built by `init`), the source stopped as soon as the subscriber closes
 * (even mid-way through a synchronous source), held values flushed before
 * the source's completion or error is passed on, an error thrown by `next`
 * passed on as the stream's error (after the flush), and nothing flushed or
 * completed after the subscriber has closed.
 *
 * @param init - called once per subscription with the downstream subscriber; returns the operator's body
 * @example
 * ```ts
 * const sumAll = operate<number, number>((subscriber) => {
 *   let sum = 0;
 *   return { next: (v) => { sum += v; }, flush: () => subscriber.next(sum) };
 * });
 * of(1, 2, 3).pipe(sumAll).subscribe(console.log); // 6
 * ```
 */
export function operate<In, Out>(init: (subscriber: Subscriber<Out>) => OperatorBody<In>): OperatorFunction<In, Out> {
  return (source) =>
    new Observable<Out>((subscriber) => {
      const body = init(subscriber);
      const { flush, teardown } = body;
      if (teardown !== undefined) subscriber.add(() => teardown.call(body));
      return linkedSubscribe(source, subscriber, {
        next: (value) => {
          try {
            body.next(value);
          } catch (err) {
            // As in RxJS: an operator that throws fails its stream (what it held is let out first).
            flush?.call(body);
            subscriber.error(err);
          }
        },
        error: (err: unknown) => {
          flush?.call(body);
          subscriber.error(err);
        },
        complete: () => {
          if (subscriber.closed) return; // unsubscribed downstream: nobody to tell
          flush?.call(body);
          subscriber.complete();
        },
      });
    });
}

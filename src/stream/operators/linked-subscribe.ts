import { Subject, takeUntil } from 'rxjs';
import type { Observable, Observer, Subscriber, Subscription } from 'rxjs';

/**
 * Subscribes an operator's observer to its source so that the source stops
 * as soon as the downstream subscriber closes, even while the source is still
 * emitting synchronously (an endless synchronous source followed by
 * `take(3)` would otherwise never return). `takeUntil` hands the source our
 * observer's own subscriber, so this adds nothing per value.
 *
 * @param source - the operator's source
 * @param downstream - the subscriber the operator emits to
 * @param observer - what the operator does with each notification
 * @returns the source subscription (also torn down with `downstream`)
 * @example
 * ```ts
 * const op = (source) => new Observable((subscriber) => linkedSubscribe(source, subscriber, { next: (v) => subscriber.next(v) }));
 * ```
 */
export function linkedSubscribe<T>(
  source: Observable<T>,
  downstream: Subscriber<unknown>,
  observer: Partial<Observer<T>>,
): Subscription {
  const stop = new Subject<void>();
  downstream.add(() => stop.next());
  return source.pipe(takeUntil(stop)).subscribe(observer);
}

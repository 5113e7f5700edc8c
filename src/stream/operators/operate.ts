import { Observable, Subscriber } from 'rxjs';
import type { OperatorFunction } from 'rxjs';

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
      const { teardown } = body;
      if (teardown !== undefined) subscriber.add(() => teardown.call(body));
      return source.subscribe(new BodySubscriber(subscriber, body));
    });
}

/**
 * The operator's own subscriber to its source, chained to the downstream one as RxJS chains its
 * operators' subscribers: unsubscribing downstream closes it (so a synchronous source stops at
 * once), and each value costs one call into the body, with nothing in between.
 */
class BodySubscriber<In> extends Subscriber<In> {
  constructor(
    private readonly downstream: Subscriber<unknown>,
    private readonly body: OperatorBody<In>,
  ) {
    super(downstream); // downstream.add(this): its end closes this subscriber
  }

  protected override _next(value: In): void {
    try {
      this.body.next(value);
    } catch (err) {
      // As in RxJS: an operator that throws fails its stream (what it held is let out first).
      this.body.flush?.();
      this.downstream.error(err);
    }
  }

  protected override _error(err: unknown): void {
    try {
      this.body.flush?.();
      this.downstream.error(err);
    } finally {
      this.unsubscribe();
    }
  }

  protected override _complete(): void {
    try {
      if (this.downstream.closed) return; // unsubscribed downstream: nobody to tell
      this.body.flush?.();
      this.downstream.complete();
    } finally {
      this.unsubscribe();
    }
  }
}

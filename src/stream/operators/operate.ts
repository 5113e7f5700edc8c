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
 * {@link operate} for an operator that is its own subscriber to the source
 * (an {@link OperatorSubscriber}): each value then costs the operator's own
 * `_next`, with no call into a separate body, which an operator on a
 * per-sample hot path wants. The same guarantees as `operate`.
 *
 * @param init - called once per subscription with the downstream subscriber; returns the operator's subscriber to the source
 * @example
 * ```ts
 * const counted = operateWith<number, number>((subscriber) => new CountingSubscriber(subscriber));
 * ```
 */
export function operateWith<In, Out>(init: (subscriber: Subscriber<Out>) => OperatorSubscriber<In>): OperatorFunction<In, Out> {
  return (source) =>
    new Observable<Out>((subscriber) => {
      const operator = init(subscriber);
      subscriber.add(() => operator.teardown());
      return source.subscribe(operator);
    });
}

/**
 * An operator's own subscriber to its source, chained to the downstream one
 * as RxJS chains its operators' subscribers: unsubscribing downstream closes
 * it (so a synchronous source stops at once). A subclass handles each value
 * in its `_next`, inside `try`, and hands what it catches to {@link fail};
 * the completion and error of the source are passed on after {@link flush}.
 * Used through {@link operateWith} (and by {@link operate} for a body).
 *
 * @example
 * ```ts
 * class CountingSubscriber extends OperatorSubscriber<number> {
 *   private count = 0;
 *   protected override _next(): void { this.count++; }
 *   override flush(): void { this.downstream.next(this.count); }
 * }
 * ```
 */
export abstract class OperatorSubscriber<In> extends Subscriber<In> {
  /** @param downstream - the subscriber this operator emits to; its end closes this subscriber */
  constructor(protected readonly downstream: Subscriber<unknown>) {
    super(downstream); // downstream.add(this)
  }

  /** Handles one value of the source: inside `try`, handing what it catches to {@link fail}. */
  protected abstract override _next(value: In): void;

  /** Emits what is held back; runs before the source's completion or error is passed on (default: nothing). */
  flush(): void {}

  /** Frees the subscription's state (timers, buffers) when the subscription ends, however it ends (default: nothing). */
  teardown(): void {}

  /** As in RxJS: an operator that throws fails its stream (what it held is let out first). */
  protected fail(err: unknown): void {
    this.flush();
    this.downstream.error(err);
  }

  protected override _error(err: unknown): void {
    try {
      this.flush();
      this.downstream.error(err);
    } finally {
      this.unsubscribe();
    }
  }

  protected override _complete(): void {
    try {
      if (this.downstream.closed) return; // unsubscribed downstream: nobody to tell
      this.flush();
      this.downstream.complete();
    } finally {
      this.unsubscribe();
    }
  }
}

/** {@link operate}'s subscriber: each value costs one call into the body, with nothing in between. */
class BodySubscriber<In> extends OperatorSubscriber<In> {
  constructor(
    downstream: Subscriber<unknown>,
    private readonly body: OperatorBody<In>,
  ) {
    super(downstream);
  }

  protected override _next(value: In): void {
    try {
      this.body.next(value);
    } catch (err) {
      this.fail(err);
    }
  }

  override flush(): void {
    this.body.flush?.();
  }
}

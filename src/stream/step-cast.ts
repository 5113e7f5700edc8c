import type { Subscriber, TeardownLogic } from 'rxjs';

/**
 * A hot multicast of values to subscribers, as a `Subject` delivers them
 * (each value to the subscribers there when it is emitted, in the order they
 * came; a subscriber added or removed meanwhile takes effect from the next
 * value; nothing after the end), without allocating per value: RxJS's
 * `Subject.next` makes a closure and an iterator for every value, which a
 * learner stepping per mini-batch pays on every step.
 *
 * @example
 * ```ts
 * const cast = new StepCast<Step>();
 * const steps$ = new Observable<Step>((subscriber) => cast.add(subscriber));
 * cast.next(step);
 * cast.complete();
 * ```
 */
export class StepCast<T> {
  // Replaced, never mutated: an emission in progress keeps iterating the array it started with.
  private subscribers: readonly Subscriber<T>[] = [];
  private ended: { failed: boolean; error: unknown } | null = null;

  /** Whether anyone listens. */
  get observed(): boolean {
    return this.subscribers.length > 0;
  }

  /**
   * Adds a subscriber until it unsubscribes (or, after the end, ends it at once).
   *
   * @returns the teardown that removes it
   */
  add(subscriber: Subscriber<T>): TeardownLogic {
    const ended = this.ended;
    if (ended !== null) {
      if (ended.failed) subscriber.error(ended.error);
      else subscriber.complete();
      return undefined;
    }
    this.subscribers = [...this.subscribers, subscriber];
    return () => {
      this.subscribers = this.subscribers.filter((s) => s !== subscriber);
    };
  }

  /** Hands `value` to every subscriber (nothing after the end). */
  next(value: T): void {
    const subscribers = this.subscribers;
    for (let i = 0; i < subscribers.length; i++) subscribers[i]!.next(value);
  }

  /** Completes every subscriber; later ones complete at once. */
  complete(): void {
    this.end(false, undefined);
  }

  /** Fails every subscriber with `error`; later ones fail at once. */
  error(error: unknown): void {
    this.end(true, error);
  }

  private end(failed: boolean, error: unknown): void {
    if (this.ended !== null) return;
    this.ended = { failed, error };
    const subscribers = this.subscribers;
    this.subscribers = [];
    for (const s of subscribers) {
      if (failed) s.error(error);
      else s.complete();
    }
  }
}

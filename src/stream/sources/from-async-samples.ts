import { Observable } from 'rxjs';

/**
 * The values of an async iterable (an async generator, a paginated API, a
 * `readline` interface) as an Observable, one per value, in order. Unlike
 * `from(iterable)`, unsubscribing asks the iterator to stop (`return()`) at
 * once rather than after its next value.
 *
 * @param iterable - any async iterable; each subscription iterates it anew
 * @example
 * ```ts
 * async function* poll() { for (;;) yield await nextLabelledEvent(); }
 * learner.learnFrom(fromAsyncSamples(poll()));
 * ```
 */
export function fromAsyncSamples<T = unknown>(iterable: AsyncIterable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const iterator = iterable[Symbol.asyncIterator]();
    let stopped = false;
    (async () => {
      for (;;) {
        const r = await iterator.next();
        if (stopped) return;
        if (r.done === true) return subscriber.complete();
        subscriber.next(r.value);
        if (subscriber.closed) return;
      }
    })().catch((err: unknown) => {
      if (!stopped) subscriber.error(err);
    });
    return () => {
      stopped = true;
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    };
  });
}

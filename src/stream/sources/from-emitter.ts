import type { EventEmitter } from 'node:events';
import { Observable } from 'rxjs';

/**
 * Options of {@link fromEmitter}.
 *
 * @example
 * ```ts
 * const options: FromEmitterOptions = { end: 'close', error: null };
 * ```
 */
export interface FromEmitterOptions {
  /** An event that completes the Observable (default: none, it never completes by itself). */
  end?: string;
  /** An event that fails the Observable with its argument (default `'error'`; `null` for none). */
  error?: string | null;
}

/**
 * The values of a Node `EventEmitter` event as an Observable (untyped: feed
 * it to a learner or `validateSamples`, which check each one). Completes on
 * the `end` event, fails on the `error` event; unsubscribing removes every
 * listener it added.
 *
 * @param emitter - any `EventEmitter` (a service's event bus, a parser, a socket wrapper)
 * @param event - the event whose first argument is a sample
 * @param options - `end` (default none), `error` (default `'error'`)
 * @example
 * ```ts
 * learner.learnFrom(fromEmitter(bus, 'labelled', { end: 'close' }));
 * ```
 */
export function fromEmitter(emitter: EventEmitter, event: string, options: FromEmitterOptions = {}): Observable<unknown> {
  const { end, error = 'error' } = options;
  return new Observable<unknown>((subscriber) => {
    const onValue = (value: unknown): void => subscriber.next(value);
    const onEnd = (): void => subscriber.complete();
    const onError = (err: unknown): void => subscriber.error(err);
    emitter.on(event, onValue);
    if (end !== undefined) emitter.on(end, onEnd);
    if (error !== null) emitter.on(error, onError);
    return () => {
      emitter.off(event, onValue);
      if (end !== undefined) emitter.off(end, onEnd);
      if (error !== null) emitter.off(error, onError);
    };
  });
}

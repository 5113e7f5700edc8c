import { Subject } from 'rxjs';
import type { Observable } from 'rxjs';

/**
 * A callback source: what {@link samplePusher} returns.
 *
 * @example
 * ```ts
 * const pusher: SamplePusher = samplePusher();
 * pusher.push({ x: [1, 2], t: 0 });
 * ```
 */
export interface SamplePusher {
  /** The pushed values, hot: subscribe (or hand it to a learner) before pushing. */
  readonly samples$: Observable<unknown>;
  /** Pushes one value (checked downstream, at the learner or `validateSamples`). */
  push(sample: unknown): void;
  /** Completes the stream (a learner then ends with a final step). */
  end(): void;
  /** Fails the stream with an error. */
  fail(err: unknown): void;
}

/**
 * A callback source for code that already has a handler: call `push(sample)`
 * from it, and the values flow to whoever subscribed to `samples$`.
 *
 * @example
 * ```ts
 * const { samples$, push } = samplePusher();
 * learner.learnFrom(samples$);
 * service.onLabel((features, label) => push({ x: features, t: label }));
 * ```
 */
export function samplePusher(): SamplePusher {
  const subject = new Subject<unknown>();
  return {
    samples$: subject.asObservable(),
    push: (sample) => subject.next(sample),
    end: () => subject.complete(),
    fail: (err) => subject.error(err),
  };
}

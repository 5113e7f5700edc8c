import type { Observer, OperatorFunction } from 'rxjs';
import type { Sample } from '../../core/index.js';
import type { Rejection } from '../rejection.js';
import { sampleRejectionReason } from '../sample-schema.js';
import { operate } from './operate.js';

/**
 * Options of {@link validateSamples}.
 *
 * @example
 * ```ts
 * const options: ValidateSamplesOptions = { inputs: 2, rejected: (r) => console.warn(r.reason), source: 'socket' };
 * ```
 */
export interface ValidateSamplesOptions {
  /** The expected number of inputs: samples of another width are rejected. */
  inputs: number;
  /** Where rejections go: an observer (such as a `Subject`) or a function. Default: dropped. */
  rejected?: Partial<Observer<Rejection>> | ((rejection: Rejection) => void);
  /** A name put in every rejection's `source`. */
  source?: string;
}

/**
 * The trust boundary of a stream: untyped values in, valid samples out (the
 * same objects, not copied). Each invalid value goes to `rejected` as a
 * {@link Rejection} with the value, its 0-based position in the source and
 * zod's reason; it never stops the stream and never reaches the model.
 * Valid values pass a fast hand-written check; zod runs only to explain a
 * rejection.
 *
 * @param options - `inputs` (required), `rejected` (default: dropped), `source`
 * @throws RangeError when `inputs` is not an integer ≥ 1
 * @example
 * ```ts
 * const rejected = new Subject<Rejection>();
 * rejected.subscribe((r) => console.warn(`#${r.index}: ${r.reason}`));
 * untrusted$.pipe(validateSamples({ inputs: 2, rejected }), learnEach(trainer));
 * ```
 */
export function validateSamples(options: ValidateSamplesOptions): OperatorFunction<unknown, Sample> {
  const { inputs, rejected, source: name } = options;
  if (!Number.isInteger(inputs) || inputs < 1) throw new RangeError(`inputs must be an integer ≥ 1, got ${String(inputs)}`);
  const report = typeof rejected === 'function' ? rejected : (r: Rejection) => rejected?.next?.(r);
  return operate<unknown, Sample>((subscriber) => {
    let index = 0;
    return {
      next: (value) => {
        const position = index++;
        const reason = sampleRejectionReason(value, inputs);
        if (reason === null) subscriber.next(value as Sample);
        else report(name === undefined ? { input: value, index: position, reason } : { input: value, index: position, reason, source: name });
      },
    };
  });
}

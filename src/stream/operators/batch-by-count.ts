import { Observable } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { Sample } from '../../core/index.js';
import { linkedSubscribe } from './linked-subscribe.js';

/**
 * Groups samples into mini-batches of `size` (as `bufferCount(size)`),
 * emitting each batch as soon as it is full and the partial last batch when
 * the source completes or fails (before the error), so no sample is lost.
 * Arrays from the source (chunks) are unrolled into the batches.
 *
 * @param size - samples per batch, an integer ≥ 1
 * @throws RangeError when `size` is not an integer ≥ 1
 * @example
 * ```ts
 * samples$.pipe(batchByCount(64), learnBatches(trainer));
 * ```
 */
export function batchByCount(size: number): OperatorFunction<Sample | readonly Sample[], Sample[]> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be an integer ≥ 1, got ${String(size)}`);
  return (source) =>
    new Observable<Sample[]>((subscriber) => {
      let batch: Sample[] = [];
      const add = (sample: Sample): void => {
        batch.push(sample);
        if (batch.length === size) {
          const full = batch;
          batch = [];
          subscriber.next(full);
        }
      };
      const flush = (): void => {
        if (batch.length === 0) return;
        const partial = batch;
        batch = [];
        subscriber.next(partial);
      };
      subscriber.add(() => {
        batch = [];
      });
      return linkedSubscribe(source, subscriber, {
        next: (value) => {
          if (!Array.isArray(value)) add(value as Sample);
          else for (let i = 0; i < value.length && !subscriber.closed; i++) add((value as readonly Sample[])[i]!);
        },
        error: (err: unknown) => {
          flush();
          subscriber.error(err);
        },
        complete: () => {
          if (subscriber.closed) return;
          flush();
          subscriber.complete();
        },
      });
    });
}

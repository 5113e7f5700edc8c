import type { OperatorFunction } from 'rxjs';
import type { Sample } from '../../core/index.js';
import { operate } from './operate.js';

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
  return operate<Sample | readonly Sample[], Sample[]>((subscriber) => {
    // Samples gather in one buffer that is never handed out (it grows once, to `size`),
    // and each batch leaves as a copy of it: one block copy instead of a growing array per batch.
    let pending: Sample[] = [];
    let filled = 0;
    const emit = (): void => {
      const batch = pending.slice(0, filled);
      filled = 0;
      subscriber.next(batch);
    };
    const add = (sample: Sample): void => {
      pending[filled++] = sample;
      if (filled === size) emit();
    };
    // A chunk fills the pending batch, then whole batches are sliced from it directly.
    const addChunk = (chunk: readonly Sample[]): void => {
      let i = 0;
      while (filled > 0 && i < chunk.length && !subscriber.closed) add(chunk[i++]!);
      for (; i + size <= chunk.length && !subscriber.closed; i += size) subscriber.next(chunk.slice(i, i + size));
      while (i < chunk.length && !subscriber.closed) add(chunk[i++]!);
    };
    return {
      next: (value) => {
        if (!Array.isArray(value)) add(value as Sample);
        else addChunk(value as readonly Sample[]);
      },
      flush: () => {
        if (filled > 0) emit();
      },
      teardown: () => {
        pending = [];
        filled = 0;
      },
    };
  });
}

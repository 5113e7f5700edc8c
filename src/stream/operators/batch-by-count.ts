import type { OperatorFunction, Subscriber } from 'rxjs';
import type { Sample, SampleBlock, TrainerInput } from '../../core/index.js';
import { CountBatcher, markBatched } from './count-batcher.js';
import { operate } from './operate.js';

/**
 * What {@link batchByCount} emits for a given input: blocks for blocks,
 * arrays of samples for samples and arrays.
 */
export type BatchOf<In> = In extends SampleBlock ? SampleBlock : Sample[];

/**
 * Groups samples into mini-batches of `size` (as `bufferCount(size)`),
 * emitting each batch as soon as it is full and the partial last batch when
 * the source completes or fails (before the error), so no sample is lost.
 * Arrays from the source (chunks) are unrolled into the batches.
 *
 * {@link SampleBlock}s are cut into blocks of `size` rows (copies: a source
 * may reuse its block), with no object per sample; a batch that takes rows
 * from a block is a block, whatever else it holds. Blocks must all have the
 * width of the first row seen, or the stream fails with a RangeError.
 *
 * Piped straight into `learnBatches`, the batches are never made: that
 * operator learns the same batches from the source's blocks in place (no
 * copy, no value per batch), with the same steps and emission points.
 *
 * @param size - samples per batch, an integer ≥ 1
 * @throws RangeError when `size` is not an integer ≥ 1
 * @example
 * ```ts
 * samples$.pipe(batchByCount(64), learnBatches(trainer));
 * gaussianSamples({ seed: 1, count: 10_000 }).pipe(batchByCount(64)); // Observable<SampleBlock>
 * ```
 */
export function batchByCount<In extends TrainerInput>(size: number): OperatorFunction<In, BatchOf<In>> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be an integer ≥ 1, got ${String(size)}`);
  const cut = operate<In, BatchOf<In>>((subscriber) => {
    const out = subscriber as unknown as Subscriber<Sample[] | SampleBlock>;
    const batcher = new CountBatcher(size, {
      get closed() {
        return out.closed;
      },
      // A copy of the rows (a source may reuse its block), without their positions.
      rows: ({ width, x, t }, start, end) => out.next({ width, length: end - start, x: x.slice(start * width, end * width), t: t.slice(start, end) }),
      samples: (batch) => out.next(batch),
    });
    return { next: (value) => batcher.add(value), flush: () => batcher.flush(), teardown: () => batcher.clear() };
  });
  // learnBatches recognises what it made and learns the batches from the source in place.
  return (source) => markBatched(cut(source), source, size);
}

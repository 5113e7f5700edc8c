import type { OperatorFunction } from 'rxjs';
import { copyBlock, isSampleBlock, sliceBlock } from '../../core/index.js';
import type { Sample, SampleBlock, TrainerInput } from '../../core/index.js';
import { MiniBatch } from '../../core/mini-batch.js';
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
  return operate<In, BatchOf<In>>((subscriber) => {
    const out = subscriber as unknown as { next(batch: Sample[] | SampleBlock): void; readonly closed: boolean };
    // Samples gather in one buffer that is never handed out (it grows once, to `size`),
    // and each batch leaves as a copy of it: one block copy instead of a growing array per batch.
    let pending: Sample[] = [];
    let filled = 0;
    // Rows from blocks gather in typed arrays (made at the first block; the samples held then move in).
    let rows: MiniBatch | undefined;
    const emit = (): void => {
      if (rows !== undefined && rows.pending > 0) {
        const n = rows.take();
        out.next({ width: rows.width, length: n, x: rows.x.slice(0, n * (rows.width)), t: rows.t.slice(0, n) });
        return;
      }
      const batch = pending.slice(0, filled);
      filled = 0;
      out.next(batch);
    };
    const add = (sample: Sample): void => {
      if (rows !== undefined && rows.pending > 0) {
        if (rows.push(checkedWidth(sample, rows.width))) emit();
        return;
      }
      pending[filled++] = sample;
      if (filled === size) emit();
    };
    // A chunk fills the pending batch, then whole batches are sliced from it directly.
    const addChunk = (chunk: readonly Sample[]): void => {
      let i = 0;
      while ((filled > 0 || (rows?.pending ?? 0) > 0) && i < chunk.length && !out.closed) add(chunk[i++]!);
      for (; i + size <= chunk.length && !out.closed; i += size) out.next(chunk.slice(i, i + size));
      while (i < chunk.length && !out.closed) add(chunk[i++]!);
    };
    const addBlock = (block: SampleBlock): void => {
      if (block.length === 0) return;
      if (rows === undefined) rows = new MiniBatch(size, block.width);
      if (rows.width !== block.width) throw new RangeError(`a block of ${block.width} features per sample in a stream of ${rows.width}`);
      for (let k = 0; k < filled; k++) rows.push(checkedWidth(pending[k]!, block.width));
      filled = 0;
      let r = rows.pending > 0 ? rows.fill(block, 0, block.length) : 0;
      if (rows.full) emit();
      for (; r + size <= block.length && !out.closed; r += size) {
        const { width, length, x, t } = copyBlock(sliceBlock(block, r, r + size));
        out.next({ width, length, x, t });
      }
      if (!out.closed) rows.fill(block, r, block.length);
    };
    return {
      next: (value) => {
        if (isSampleBlock(value)) addBlock(value);
        else if (Array.isArray(value)) addChunk(value as readonly Sample[]);
        else add(value as Sample);
      },
      flush: () => {
        if (filled > 0 || (rows?.pending ?? 0) > 0) emit();
      },
      teardown: () => {
        pending = [];
        filled = 0;
        rows = undefined;
      },
    };
  });
}

function checkedWidth(sample: Sample, width: number): Sample {
  if (sample.x.length !== width) throw new RangeError(`a sample of ${sample.x.length} features in a stream of blocks of ${width}`);
  return sample;
}

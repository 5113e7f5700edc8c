import type { Observable } from 'rxjs';
import { isSampleBlock } from '../../core/index.js';
import type { Sample, SampleBlock, TrainerInput } from '../../core/index.js';
import { MiniBatch } from '../../core/mini-batch.js';

/**
 * Where a {@link CountBatcher} sends its batches, as they fill.
 *
 * @example
 * ```ts
 * const sink: BatchSink = { closed: false, rows: (block, start, end) => trainer.learnMany(sliceBlock(block, start, end)), samples: (batch) => trainer.learnMany(batch) };
 * ```
 */
export interface BatchSink {
  /** Whether the sink wants nothing more (the rest of a value is dropped). */
  readonly closed: boolean;
  /**
   * A batch of rows `start … end − 1` of `block`: a whole batch inside a block of the source, or
   * the rows held across values. Valid only during the call (copy it to keep it).
   */
  rows(block: SampleBlock, start: number, end: number): void;
  /** A batch of samples (a fresh array, the sink's to keep). */
  samples(batch: Sample[]): void;
}

/**
 * The batching of `batchByCount`, apart from RxJS: samples, chunks and
 * blocks in, batches of `size` out to a {@link BatchSink} as soon as they
 * fill, the partial one on {@link CountBatcher.flush}. Whole batches inside a
 * block leave as row ranges of it (no copy); rows held across values are
 * copied into a typed buffer, and samples gather into an array. A batch that
 * takes rows from a block is a block, whatever else it holds; blocks must all
 * have the width of the first row seen.
 *
 * @example
 * ```ts
 * const batcher = new CountBatcher(64, sink);
 * batcher.add(block);  // sink.rows(block, 0, 64), sink.rows(block, 64, 128), …; the rest is held
 * batcher.flush();     // the partial batch, if any
 * ```
 */
export class CountBatcher {
  // Samples gather in one buffer that is never handed out (it grows once, to `size`).
  private pending: Sample[] = [];
  private filled = 0;
  // Rows from blocks gather in typed arrays (made at the first block; the samples held then move in).
  private held: MiniBatch | undefined;

  /**
   * @param size - samples per batch (checked by the caller: an integer ≥ 1)
   * @param sink - where the batches go
   */
  constructor(
    readonly size: number,
    private readonly sink: BatchSink,
  ) {}

  /**
   * Adds a sample, a chunk or a block; sends every batch that fills.
   *
   * @throws RangeError for a block (or, after a block, a sample) of another width than the rows held
   */
  add(value: TrainerInput): void {
    if (isSampleBlock(value)) this.addBlock(value);
    else if (Array.isArray(value)) this.addChunk(value as readonly Sample[]);
    else this.addSample(value as Sample);
  }

  /** Sends the partial batch, if any. */
  flush(): void {
    if (this.filled > 0 || (this.held?.pending ?? 0) > 0) this.send();
  }

  /** Drops what is held. */
  clear(): void {
    this.pending = [];
    this.filled = 0;
    this.held = undefined;
  }

  private send(): void {
    const held = this.held;
    if (held !== undefined && held.pending > 0) {
      const n = held.take();
      this.sink.rows({ width: held.width, length: n, x: held.x, t: held.t }, 0, n);
      return;
    }
    const batch = this.pending.slice(0, this.filled);
    this.filled = 0;
    this.sink.samples(batch);
  }

  private addSample(sample: Sample): void {
    const held = this.held;
    if (held !== undefined && held.pending > 0) {
      if (held.push(checkedWidth(sample, held.width))) this.send();
      return;
    }
    this.pending[this.filled++] = sample;
    if (this.filled === this.size) this.send();
  }

  // A chunk fills the pending batch, then whole batches are sliced from it directly.
  private addChunk(chunk: readonly Sample[]): void {
    const { size, sink } = this;
    let i = 0;
    while ((this.filled > 0 || (this.held?.pending ?? 0) > 0) && i < chunk.length && !sink.closed) this.addSample(chunk[i++]!);
    for (; i + size <= chunk.length && !sink.closed; i += size) sink.samples(chunk.slice(i, i + size));
    while (i < chunk.length && !sink.closed) this.addSample(chunk[i++]!);
  }

  private addBlock(block: SampleBlock): void {
    if (block.length === 0) return;
    const { size, sink } = this;
    const held = (this.held ??= new MiniBatch(size, block.width));
    if (held.width !== block.width) throw new RangeError(`a block of ${block.width} features per sample in a stream of ${held.width}`);
    for (let k = 0; k < this.filled; k++) held.push(checkedWidth(this.pending[k]!, block.width));
    this.filled = 0;
    let r = held.pending > 0 ? held.fill(block, 0, block.length) : 0;
    if (held.full) this.send();
    for (; r + size <= block.length && !sink.closed; r += size) sink.rows(block, r, r + size);
    if (!sink.closed) held.fill(block, r, block.length);
  }
}

function checkedWidth(sample: Sample, width: number): Sample {
  if (sample.x.length !== width) throw new RangeError(`a sample of ${sample.x.length} features in a stream of blocks of ${width}`);
  return sample;
}

/** Observables made by `batchByCount`, with what they batch: `learnBatches` learns from their source directly. */
const batchedSources = new WeakMap<Observable<unknown>, { readonly source: Observable<TrainerInput>; readonly size: number }>();

/**
 * Marks `batches` as `source` cut into batches of `size` by a {@link CountBatcher}.
 *
 * @returns `batches`
 * @example
 * ```ts
 * return markBatched(new Observable(...), source, size);
 * ```
 */
export function markBatched<T extends Observable<unknown>>(batches: T, source: Observable<TrainerInput>, size: number): T {
  batchedSources.set(batches, { source, size });
  return batches;
}

/**
 * What `batchByCount` made `batches` from, if it did: the source and the batch size.
 *
 * @example
 * ```ts
 * batchedBy(samples$.pipe(batchByCount(64))); // { source: samples$, size: 64 }
 * ```
 */
export function batchedBy(batches: Observable<unknown>): { readonly source: Observable<TrainerInput>; readonly size: number } | undefined {
  return batchedSources.get(batches);
}

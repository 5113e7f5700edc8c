import type { Label, Sample } from './sample.js';
import type { SampleBlock } from './sample-block.js';

/**
 * The mini-batch in progress: up to `size` rows copied out of the samples
 * and blocks handed to a {@link Trainer}, so that a batch may span calls.
 * Whole batches inside a block are learned in place and never come here.
 *
 * @example
 * ```ts
 * const batch = new MiniBatch(32, 2);
 * batch.push({ x: [1, 2], t: 1 }); // false: 31 rows to go
 * batch.pending;                   // 1
 * ```
 */
export class MiniBatch {
  /** The rows, row-major (`size · width` values; the first `pending · width` hold rows). */
  readonly x: Float64Array;
  /** The rows' labels. */
  readonly t: Uint8Array;
  /** Rows held now. */
  pending = 0;

  /**
   * @param size - rows per batch
   * @param width - features per row (read-only)
   */
  constructor(
    readonly size: number,
    readonly width: number,
  ) {
    this.x = new Float64Array(size * width);
    this.t = new Uint8Array(size);
  }

  /** Whether the batch holds `size` rows. */
  get full(): boolean {
    return this.pending === this.size;
  }

  /**
   * Copies one sample in.
   *
   * @returns whether the batch is now full
   */
  push(sample: Sample): boolean {
    this.x.set(sample.x, this.pending * this.width);
    this.t[this.pending] = sample.t as Label;
    return ++this.pending === this.size;
  }

  /**
   * Copies rows `start …` of a block in, as many as fit before `end`.
   *
   * @returns the rows taken
   */
  fill(block: SampleBlock, start: number, end: number): number {
    const d = this.width;
    const take = Math.min(this.size - this.pending, end - start);
    if (take <= 0) return 0;
    this.x.set(block.x.subarray(start * d, (start + take) * d), this.pending * d);
    this.t.set(block.t.subarray(start, start + take), this.pending);
    this.pending += take;
    return take;
  }

  /**
   * Empties the batch.
   *
   * @returns the rows it held
   */
  take(): number {
    const n = this.pending;
    this.pending = 0;
    return n;
  }
}

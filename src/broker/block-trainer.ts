import type { Sample } from '../core/index.js';
import type { Trainer } from '../core/index.js';
import type { SampleMessageBlock } from './sample-message.js';

/**
 * Hands the rows of message blocks to a {@link Trainer}, one step per sample
 * or per mini-batch of `batchSize` samples that may span messages. Counts the
 * samples actually learned (`applied`): a mini-batch's samples count once its
 * step is taken, so a checkpoint never claims a sample the model has not seen.
 *
 * @example
 * ```ts
 * const feed = new BlockTrainer(new Trainer({ inputs: 2 }), 'minibatch', 32);
 * feed.feed(block, 0); feed.applied; // a multiple of 32
 * ```
 */
export class BlockTrainer {
  /** Samples learned this session. */
  applied = 0;
  private batch: Sample[] = [];

  constructor(
    readonly trainer: Trainer,
    private readonly mode: 'sample' | 'minibatch',
    private readonly batchSize: number,
  ) {}

  /** Learns (or queues for the next mini-batch) rows `from` to the end of `block`. */
  feed(block: SampleMessageBlock, from: number): void {
    const { x, t, width: w, count } = block;
    if (this.mode === 'sample') {
      const trainer = this.trainer;
      for (let r = from; r < count; r++) trainer.learnOne({ x: x.subarray(r * w, r * w + w) as unknown as number[], t: t[r] as 0 | 1 });
      this.applied += count - from;
      return;
    }
    for (let r = from; r < count; r++) {
      this.batch.push({ x: x.subarray(r * w, r * w + w) as unknown as number[], t: t[r] as 0 | 1 });
      if (this.batch.length === this.batchSize) {
        this.trainer.learnMany(this.batch);
        this.applied += this.batch.length;
        this.batch = [];
      }
    }
  }

  /** Samples queued for the next mini-batch (not yet learned). */
  get queued(): number {
    return this.batch.length;
  }
}

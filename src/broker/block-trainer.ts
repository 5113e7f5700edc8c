import type { Trainer } from '../core/index.js';
import type { SampleMessageBlock } from './sample-message.js';

/**
 * Hands the rows of message blocks to the core {@link Trainer}, which steps
 * as its mode says (per sample, or per mini-batch of `batchSize` samples that
 * may span messages). Counts the samples actually learned (`applied`): a
 * mini-batch's samples count once its step is taken, so a checkpoint never
 * claims a sample the model has not seen.
 *
 * @example
 * ```ts
 * const feed = new BlockTrainer(new Trainer({ inputs: 2, mode: 'minibatch', batchSize: 32 }));
 * feed.feed(block, 0); feed.applied; // a multiple of 32
 * ```
 */
export class BlockTrainer {
  private handed = 0;

  constructor(readonly trainer: Trainer) {
    if (trainer.mode === 'batch') throw new RangeError('a stream learner steps per sample or per mini-batch, not per full batch');
  }

  /** Learns (or queues for the next mini-batch) rows `from` to the end of `block`. */
  feed(block: SampleMessageBlock, from: number): void {
    const { x, t, width, count } = block;
    if (from >= count) return;
    // A view of the rows, no copy: the trainer reads features in place and copies only a partial batch's rows.
    this.trainer.learn({ width, length: count - from, x: x.subarray(from * width, count * width), t: t.subarray(from, count) });
    this.handed += count - from;
  }

  /** Samples learned this session. */
  get applied(): number {
    return this.handed - this.trainer.pendingSamples;
  }

  /** Samples queued for the next mini-batch (not yet learned). */
  get queued(): number {
    return this.trainer.pendingSamples;
  }
}

import seedrandom from 'seedrandom';
import type { SampleBlock } from '../core/index.js';

/**
 * Deals the rows of a block in a new seeded random order for each epoch
 * (Fisher–Yates on one order that each epoch shuffles further), as `train
 * --shuffle` does: the same seed gives the same orders.
 *
 * @example
 * ```ts
 * const shuffler = new BlockShuffler(data, '1');
 * for (let e = 0; e < epochs; e++) trainer.learn(shuffler.next());
 * ```
 */
export class BlockShuffler {
  private readonly random: () => number;
  private readonly order: Uint32Array;

  /**
   * @param block - the rows to deal (not changed)
   * @param seed - the seed of the orders
   */
  constructor(
    private readonly block: SampleBlock,
    seed: string,
  ) {
    this.random = seedrandom(seed);
    this.order = Uint32Array.from({ length: block.length }, (_, i) => i);
  }

  /** The rows in the next epoch's order, as a new block. */
  next(): SampleBlock {
    const { order, random, block } = this;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const v = order[i]!;
      order[i] = order[j]!;
      order[j] = v;
    }
    const { width } = block;
    const x = new Float64Array(block.length * width);
    const t = new Uint8Array(block.length);
    for (let k = 0; k < order.length; k++) {
      const r = order[k]!;
      x.set(block.x.subarray(r * width, r * width + width), k * width);
      t[k] = block.t[r]!;
    }
    return { width, length: block.length, x, t };
  }
}

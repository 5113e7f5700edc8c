/**
 * The storage of a rolling score over the last `window` values: a ring of
 * 2·window slots, where the value number k of the stream sits in slot
 * k mod 2·window until it is overwritten. Values come one by one from the
 * score's `update`, or straight from a block kernel, which writes a run of
 * them from {@link WindowRing.slot} on and then calls
 * {@link WindowRing.advance}. Two windows of slots leave every value a
 * score still needs in place until it is read.
 *
 * @example
 * ```ts
 * class LastValue extends WindowRing {
 *   get(): number { return this.ring[(this.pos + this.ring.length - 1) % this.ring.length]!; }
 * }
 * ```
 */
export abstract class WindowRing {
  /** How many of the latest values the score covers at most. */
  readonly window: number;
  /** The slots (public for the per-row loop of `learnRowsWithSteps`, which writes a row into two rings at once). @internal */
  readonly ring: Float64Array;
  /** The slot of the next value (value number k sits in slot k mod 2·window). @internal */
  pos = 0;
  /** Values seen. @internal */
  total = 0;

  /**
   * @param window - how many of the latest values count, an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window: number) {
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`window must be an integer ≥ 1, got ${String(window)}`);
    }
    this.window = window;
    this.ring = new Float64Array(2 * window);
  }

  /** How many values the score covers now: min(values seen, window). */
  get n(): number {
    return this.total < this.window ? this.total : this.window;
  }

  /** The ring itself, for a block kernel to write into from {@link slot} on. @internal */
  get ringValues(): Float64Array {
    return this.ring;
  }

  /** The ring slot where the next value goes. @internal */
  get slot(): number {
    return this.pos;
  }

  /** Takes `count` values written into the ring from {@link slot} on, not past its end: as `count` updates. @internal */
  advance(count: number): void {
    const pos = this.pos + count;
    this.pos = pos === this.ring.length ? 0 : pos;
    this.total += count;
  }
}

import { WindowRing } from './window-ring.js';

/**
 * The share of hits (1s) among the last `window` values of a stream of 0s
 * and 1s, in O(1) per value and per read: the ring keeps the running count
 * of hits after each value, so the hits in the window are the difference of
 * two counts. Counts are whole numbers, so the share is exactly the one a
 * {@link RollingMean} of the same 0s and 1s gives, however it is summed.
 * A block kernel writes the running count after each row into the ring.
 *
 * @example
 * ```ts
 * const c = new RollingCount(2);
 * c.update(1).update(0).update(1);
 * c.get(); // 0.5: one hit in the last two
 * ```
 */
export class RollingCount extends WindowRing {
  /** The running count before value 0 (a restored stream's hits before its kept values). @internal */
  base = 0;
  /** The share at the last read, and the count of values it was read at (−1: none since the last reset). */
  private latest = NaN;
  private readAt = -1;

  /** The running count of hits (what a block kernel starts counting from). */
  get count(): number {
    return this.total === 0 ? this.base : this.ring[this.pos === 0 ? this.ring.length - 1 : this.pos - 1]!;
  }

  /** Adds a value: 1 for a hit, 0 for a miss. */
  update(hit: number): this {
    this.ring[this.pos] = this.count + hit;
    if (++this.pos === this.ring.length) this.pos = 0;
    this.total++;
    return this;
  }

  /** The share of hits among the values in the window; NaN before the first value (a field read when nothing came since the last read: see `RollingMean.get`). */
  get(): number {
    if (this.readAt !== this.total) this.read();
    return this.latest;
  }

  /** Computes the share and keeps it in {@link latest} until the next value. */
  private read(): void {
    const total = this.total;
    this.readAt = total;
    if (total === 0) {
      this.latest = NaN;
      return;
    }
    const window = this.window;
    const ring = this.ring;
    const size = ring.length;
    const last = this.pos === 0 ? size - 1 : this.pos - 1;
    // The count before the window's first value: `window` slots before the last one.
    const before = total > window ? ring[last >= window ? last - window : last - window + size]! : this.base;
    this.latest = (ring[last]! - before) / (total < window ? total : window);
  }

  /** The values in the window now (1 or 0), oldest first: what a checkpoint saves. */
  values(): number[] {
    const { ring, total, pos } = this;
    const size = ring.length;
    const n = total < this.window ? total : this.window;
    const out = new Array<number>(n);
    let previous = total > n ? ring[(pos - n - 1 + 2 * size) % size]! : this.base;
    for (let k = 0, i = (pos - n + size) % size; k < n; k++, i = i + 1 === size ? 0 : i + 1) {
      out[k] = ring[i]! - previous;
      previous = ring[i]!;
    }
    return out;
  }

  /**
   * Continues from the last `hits` (oldest first, at most the window) of a
   * stream of `total` values whose running count of hits is `count`.
   *
   * @throws RangeError when `total` is not an integer ≥ the number of hits given, or `hits` holds more than the window
   */
  restore(hits: ArrayLike<number>, total: number, count: number): this {
    const n = hits.length;
    if (!Number.isSafeInteger(total) || total < n || n > this.window) {
      throw new RangeError(`restore needs at most ${this.window} hits of at most ${String(total)} values, got ${n}`);
    }
    const ring = this.ring;
    const size = ring.length;
    this.reset();
    // Backwards from the running count: the count after each kept value, and the one before them.
    let running = count;
    for (let k = n - 1; k >= 0; k--) {
      ring[(total - n + k) % size] = running;
      running -= hits[k]!;
    }
    if (total > n) ring[(total - n - 1) % size] = running;
    else this.base = running;
    this.pos = total % size;
    this.total = total;
    return this;
  }

  /** Forgets every value. */
  reset(): this {
    this.pos = 0;
    this.total = 0;
    this.base = 0;
    this.readAt = -1;
    return this;
  }
}

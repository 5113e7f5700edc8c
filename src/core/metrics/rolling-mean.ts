/**
 * The mean of the last `window` values of a stream, in O(1) per value and
 * O(window) memory: a ring buffer and a running sum.
 *
 * The running sum is recomputed from the buffer each time the ring wraps, so
 * rounding errors from adding and subtracting never pile up over a long
 * stream (the recomputation costs one addition per value, amortised).
 *
 * @example
 * ```ts
 * const m = new RollingMean(2);
 * m.update(1).update(2).update(6);
 * m.get(); // 4, the mean of 2 and 6
 * ```
 */
export class RollingMean {
  /** How many values the mean covers at most. */
  readonly window: number;
  private readonly buffer: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;

  /**
   * @param window - how many of the latest values to average, an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window: number) {
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`window must be an integer ≥ 1, got ${String(window)}`);
    }
    this.window = window;
    this.buffer = new Float64Array(window);
  }

  /** How many values the mean covers now: min(values seen, window). */
  get n(): number {
    return this.count;
  }

  /** Adds a value, dropping the oldest one when the window is full. */
  update(value: number): this {
    const buffer = this.buffer;
    if (this.count < this.window) this.count++;
    else this.sum -= buffer[this.pos]!;
    buffer[this.pos] = value;
    this.sum += value;
    if (++this.pos === this.window) {
      this.pos = 0;
      let s = 0;
      for (let i = 0; i < buffer.length; i++) s += buffer[i]!;
      this.sum = s;
    }
    return this;
  }

  /** The mean of the values in the window; NaN before the first value. */
  get(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Forgets every value. */
  reset(): this {
    this.pos = 0;
    this.count = 0;
    this.sum = 0;
    this.buffer.fill(0);
    return this;
  }
}

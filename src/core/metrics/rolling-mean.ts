/**
 * The mean of the last `window` values of a stream, in O(1) amortised per
 * value and O(window) memory.
 *
 * `update` only stores the value in a ring of 2·window slots (so it is cheap
 * enough for a per-sample hot path); `get` brings the running sum up to date
 * with the values stored since the previous `get` — adding the ones that
 * entered the window and subtracting the ones that left, which the larger
 * ring still holds — or, when a whole window has passed, sums the window
 * afresh. The sum is also recomputed from scratch after every `window`
 * incremental changes, so rounding errors never pile up over a long stream.
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
  private readonly ring: Float64Array;
  private pos = 0;
  private total = 0;
  private synced = 0;
  private drift = 0;
  private sum = 0;
  /** Ring slots of value number `synced` (the next to enter the sum) and of value `synced − window` (the next to leave). */
  private enter = 0;
  private leave = 0;

  /**
   * @param window - how many of the latest values to average, an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window: number) {
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`window must be an integer ≥ 1, got ${String(window)}`);
    }
    this.window = window;
    this.ring = new Float64Array(2 * window);
    this.leave = window0(this.ring.length, window);
  }

  /** How many values the mean covers now: min(values seen, window). */
  get n(): number {
    return this.total < this.window ? this.total : this.window;
  }

  /** Adds a value, dropping the oldest one when the window is full. */
  update(value: number): this {
    this.ring[this.pos] = value;
    if (++this.pos === this.ring.length) this.pos = 0;
    this.total++;
    return this;
  }

  /**
   * {@link RollingMean.update} for `values[0]` to `values[count − 1]`, in
   * order, in one tight loop (the same state as `count` calls). Values that
   * would be overwritten within this call are skipped.
   */
  updateMany(values: Float64Array, count: number): this {
    const ring = this.ring;
    const size = ring.length;
    const skip = count > size ? count - size : 0;
    let pos = skip === 0 ? this.pos : (this.pos + skip) % size;
    if (count - skip < 64) {
      for (let k = skip; k < count; k++) {
        ring[pos] = values[k]!;
        if (++pos === size) pos = 0;
      }
    } else {
      // Two block copies: up to the end of the ring, then from its start.
      const first = Math.min(count - skip, size - pos);
      ring.set(values.subarray(skip, skip + first), pos);
      if (skip + first < count) ring.set(values.subarray(skip + first, count), 0);
      pos += count - skip;
      if (pos >= size) pos -= size;
    }
    this.pos = pos;
    this.total += count;
    return this;
  }

  /**
   * The ring the values are stored in (2·window slots): a block kernel writes
   * values straight into it from {@link slot} on, then calls {@link advance}.
   * @internal
   */
  get ringValues(): Float64Array {
    return this.ring;
  }

  /** The ring slot where the next value goes (see {@link ringValues}). @internal */
  get slot(): number {
    return this.pos;
  }

  /**
   * Takes `count` values written into the ring from {@link slot} on, without
   * passing its end: the same state as `count` calls of `update`.
   * @internal
   */
  advance(count: number): void {
    const pos = this.pos + count;
    this.pos = pos === this.ring.length ? 0 : pos;
    this.total += count;
  }

  /** The mean of the values in the window; NaN before the first value. */
  get(): number {
    const total = this.total;
    const window = this.window;
    if (total === 0) return NaN;
    const fresh = total - this.synced;
    if (fresh === 1 && this.drift + 1 < window) {
      // One value since the last read (a step per sample): no loop.
      const ring = this.ring;
      let sum = this.sum + ring[this.enter]!;
      if (this.synced >= window) sum -= ring[this.leave]!;
      this.sum = sum;
      this.synced = total;
      this.drift++;
      if (++this.enter === ring.length) this.enter = 0;
      if (++this.leave === ring.length) this.leave = 0;
    } else if (fresh >= window || this.drift + fresh >= window) this.resum();
    else if (fresh > 0) this.catchUp();
    const count = total < window ? total : window;
    const mean = this.sum / count;
    return mean - mean === 0 ? mean : this.overflowedMean(count);
  }

  /**
   * {@link RollingMean.update} then {@link RollingMean.get}, fused for a reader
   * that reads after every value (a step per sample): the same additions in
   * the same order, so the same mean to the bit, with one pass over the state.
   */
  updateAndGet(value: number): number {
    const total = this.total;
    const window = this.window;
    if (this.synced !== total || this.drift + 1 >= window) return this.update(value).get();
    const ring = this.ring;
    const size = ring.length;
    const pos = this.pos;
    ring[pos] = value;
    // As get(): the value entering (at `enter`, which is `pos` when up to date), then the one leaving.
    let sum = this.sum + ring[pos]!;
    const leave = this.leave;
    if (total >= window) sum -= ring[leave]!;
    this.sum = sum;
    const next = pos + 1 === size ? 0 : pos + 1;
    this.pos = next;
    this.enter = next;
    this.leave = leave + 1 === size ? 0 : leave + 1;
    this.total = this.synced = total + 1;
    this.drift++;
    const count = total < window ? total + 1 : window;
    const mean = sum / count;
    return mean - mean === 0 ? mean : this.overflowedMean(count);
  }

  /**
   * Brings two rolling means of the same window, fed the same number of
   * values, up to date in one loop (a loss and a hit per sample): the sums are
   * two chains of dependent additions, and in one loop they run side by side.
   * Each sum gets exactly the additions its own `get` would make.
   *
   * @returns false (nothing done) when the two are not in step
   */
  static syncPair(a: RollingMean, b: RollingMean): boolean {
    const total = a.total;
    const window = a.window;
    if (b.total !== total || b.window !== window || b.synced !== a.synced || b.drift !== a.drift || b.pos !== a.pos || b.enter !== a.enter || b.leave !== a.leave) return false;
    const fresh = total - a.synced;
    if (fresh <= 1) return true; // get() takes one value without a loop
    const ra = a.ring;
    const rb = b.ring;
    const size = ra.length;
    if (fresh >= window || a.drift + fresh >= window) {
      let sa = 0;
      let sb = 0;
      for (let k = Math.max(0, total - window); k < total; k++) {
        sa += ra[k % size]!;
        sb += rb[k % size]!;
      }
      a.sum = sa;
      b.sum = sb;
      a.drift = b.drift = 0;
      a.enter = b.enter = a.pos;
      a.leave = b.leave = (a.pos + size - window) % size;
    } else {
      let { sum: sa, enter, leave } = a;
      let sb = b.sum;
      for (let k = a.synced; k < total; k++) {
        sa += ra[enter]!;
        sb += rb[enter]!;
        if (k >= window) {
          sa -= ra[leave]!;
          sb -= rb[leave]!;
        }
        if (++enter === size) enter = 0;
        if (++leave === size) leave = 0;
      }
      a.sum = sa;
      b.sum = sb;
      a.drift = b.drift = a.drift + fresh;
      a.enter = b.enter = enter;
      a.leave = b.leave = leave;
    }
    a.synced = b.synced = total;
    return true;
  }

  /** The values in the window now, oldest first (min(values seen, window) of them): what a checkpoint saves. */
  values(): number[] {
    const { ring, total, pos } = this;
    const count = total < this.window ? total : this.window;
    const out = new Array<number>(count);
    const size = ring.length;
    for (let k = 0, i = (pos - count + size) % size; k < count; k++, i = i + 1 === size ? 0 : i + 1) out[k] = ring[i]!;
    return out;
  }

  /** Forgets every value. */
  reset(): this {
    this.pos = 0;
    this.total = 0;
    this.synced = 0;
    this.drift = 0;
    this.sum = 0;
    this.enter = 0;
    this.leave = window0(this.ring.length, this.window);
    return this;
  }

  /**
   * The mean when the window's sum overflowed (values near MAX_VALUE, such as
   * capped losses): the values are averaged scaled by the count, which cannot
   * overflow, and the running sum is rebuilt from scratch at the next read
   * (Infinity − Infinity would otherwise make it NaN).
   */
  private overflowedMean(count: number): number {
    const { ring, total } = this;
    this.drift = this.window;
    let mean = 0;
    for (let k = total - count; k < total; k++) mean += ring[k % ring.length]! / count;
    return Math.min(mean, Number.MAX_VALUE);
  }

  private catchUp(): void {
    const { ring, window, total } = this;
    const size = ring.length;
    let { sum, enter, leave } = this;
    for (let k = this.synced; k < total; k++) {
      sum += ring[enter]!;
      if (k >= window) sum -= ring[leave]!;
      if (++enter === size) enter = 0;
      if (++leave === size) leave = 0;
    }
    this.drift += total - this.synced;
    this.synced = total;
    this.sum = sum;
    this.enter = enter;
    this.leave = leave;
  }

  private resum(): void {
    const { ring, window, total } = this;
    const size = ring.length;
    let sum = 0;
    for (let k = Math.max(0, total - window); k < total; k++) sum += ring[k % size]!;
    this.sum = sum;
    this.synced = total;
    this.drift = 0;
    this.enter = this.pos;
    this.leave = (this.pos + size - window) % size;
  }
}

/** The ring slot of value number −window: where the value leaving the window sits when value 0 enters. */
function window0(size: number, window: number): number {
  return size - window;
}

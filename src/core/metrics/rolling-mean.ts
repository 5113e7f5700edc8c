import { WindowRing } from './window-ring.js';

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
 * It is kept in four lanes (value number k in lane k mod 4, with the value
 * leaving the window as it enters), so that bringing it up to date is four
 * short chains of dependent additions, not one long one.
 *
 * @example
 * ```ts
 * const m = new RollingMean(2);
 * m.update(1).update(2).update(6);
 * m.get(); // 4, the mean of 2 and 6
 * ```
 */
export class RollingMean extends WindowRing {
  // The lanes' state is public (@internal) for the per-row loop of `learnRowsWithSteps`, which adds a value to its lane as `catchUp` does.
  /** Values the lanes cover (the sum is up to date when it equals `total`). @internal */
  synced = 0;
  /** Incremental changes since the window was last summed afresh. @internal */
  drift = 0;
  /** The four lanes of the sum. @internal */
  readonly lanes = new Float64Array(4);
  /** Ring slots of value number `synced` (the next to enter the sum) and of value `synced − window` (the next to leave). @internal */
  enter = 0;
  /** @internal */
  leave: number;
  /** The mean at the last read, and the count of values it was read at (−1: none since the last reset). */
  private latest = NaN;
  private readAt = -1;

  /**
   * @param window - how many of the latest values to average, an integer ≥ 1
   * @throws RangeError when `window` is not an integer ≥ 1
   */
  constructor(window: number) {
    super(window);
    this.leave = this.ring.length - window;
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
   * The mean of the values in the window; NaN before the first value. A
   * field read when nothing came since the last read, a call that returns
   * nothing otherwise: so small that V8 always inlines it into a step's
   * metrics read, where a call returning a double would allocate a box for it.
   */
  get(): number {
    if (this.readAt !== this.total) this.read();
    return this.latest;
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

  /**
   * Continues from the last `values` (oldest first) of a stream of `total` values, as a checkpoint
   * saved them: the state that stream has when first read at `total` (its lanes included).
   *
   * @throws RangeError unless the values fill the window as that stream's would (min(total, window) of them)
   */
  restore(values: ArrayLike<number>, total: number): this {
    const count = values.length;
    if (!Number.isSafeInteger(total) || total < 0 || count !== Math.min(total, this.window)) {
      throw new RangeError(`restore needs the last min(total, window) = ${Math.min(total, this.window)} values of ${String(total)}, got ${count}`);
    }
    const ring = this.ring;
    const size = ring.length;
    this.reset();
    for (let i = 0; i < count; i++) ring[(total - count + i) % size] = values[i]!;
    this.pos = total % size;
    this.total = total;
    this.resum();
    if (total < this.window) this.drift = total; // a first read before a full window counts its values as changes
    return this;
  }

  /** Forgets every value. */
  reset(): this {
    this.pos = 0;
    this.total = 0;
    this.synced = 0;
    this.drift = 0;
    this.readAt = -1;
    this.lanes.fill(0);
    this.enter = 0;
    this.leave = this.ring.length - this.window;
    return this;
  }

  /**
   * The mean when the window's sum overflowed (values near MAX_VALUE, such as
   * capped losses): the values are averaged scaled by the count, which cannot
   * overflow, and the lanes are summed afresh at the next read
   * (Infinity − Infinity would otherwise make them NaN). @internal
   */
  overflowedMean(count: number): number {
    const { ring, total } = this;
    this.drift = this.window;
    let mean = 0;
    for (let k = total - count; k < total; k++) mean += ring[k % ring.length]! / count;
    return Math.min(mean, Number.MAX_VALUE);
  }

  /** Brings the lanes up to date and keeps their mean in {@link latest} (what {@link get} returns until the next value). */
  private read(): void {
    const total = this.total;
    if (this.synced !== total) this.catchUp(total);
    const count = total < this.window ? total : this.window;
    const l = this.lanes;
    const mean = (l[0]! + l[1]! + (l[2]! + l[3]!)) / count;
    // 0 / 0 before the first value: NaN, as is a mean whose sum overflowed.
    this.latest = mean - mean === 0 ? mean : total === 0 ? NaN : this.overflowedMean(count);
    this.readAt = total;
  }

  /** Brings the lanes up to date with the `total` values stored: one value without a loop (a read per value), or {@link sync}. */
  private catchUp(total: number): void {
    const synced = this.synced;
    const window = this.window;
    if (synced + 1 === total && this.drift + 1 < window) {
      const ring = this.ring;
      const l = this.lanes;
      const lane = synced & 3;
      l[lane] = synced >= window ? l[lane]! + ring[this.enter]! - ring[this.leave]! : l[lane]! + ring[this.enter]!;
      this.synced = total;
      this.drift++;
      if (++this.enter === ring.length) this.enter = 0;
      if (++this.leave === ring.length) this.leave = 0;
    } else this.sync();
  }

  /** Brings the lanes up to date with the values stored since the last read: incrementally, or afresh after a window of changes. */
  private sync(): void {
    const { window, total } = this;
    const fresh = total - this.synced;
    if (fresh >= window || this.drift + fresh >= window) {
      this.resum();
      return;
    }
    let from = this.synced;
    // Before the first full window no value leaves it.
    if (from < window) {
      const to = total < window ? total : window;
      this.sweep(from, to, false);
      from = to;
    }
    if (from < total) this.sweep(from, total, true);
    this.drift += fresh;
    this.synced = total;
  }

  /** The lanes summed afresh from the values in the window. */
  private resum(): void {
    const { window, total, pos } = this;
    const size = this.ring.length;
    const count = total < window ? total : window;
    this.lanes.fill(0);
    this.enter = (pos - count + size) % size;
    this.sweep(total - count, total, false);
    this.synced = total;
    this.drift = 0;
    this.enter = pos;
    this.leave = (pos + size - window) % size;
  }

  /**
   * Adds values `from … to − 1` (from slot `enter` on) to their lanes and, with `leave`, subtracts
   * the values leaving the window (from slot `leave` on) in the same lanes: four values a round,
   * the lanes in locals, four independent chains of additions. Moves `enter` and `leave` past them.
   */
  private sweep(from: number, to: number, leave: boolean): void {
    const { ring, lanes } = this;
    const size = ring.length;
    // a … d are the lanes of values from, from + 1, from + 2, from + 3 (and so of every fourth after).
    let a = lanes[from & 3]!;
    let b = lanes[(from + 1) & 3]!;
    let c = lanes[(from + 2) & 3]!;
    let d = lanes[(from + 3) & 3]!;
    let e = this.enter;
    let q = this.leave;
    for (let k = from, i = 0; k < to; ) {
      // Whole rounds of four up to the next wrap of either slot, in a loop of their own: no check per value.
      const rounds = (i & 3) !== 0 ? 0 : Math.min((to - k) >> 2, (size - e) >> 2, leave ? (size - q) >> 2 : size);
      if (rounds > 0) {
        if (leave) {
          for (let r = 0; r < rounds; r++, e += 4, q += 4) {
            a = a + ring[e]! - ring[q]!;
            b = b + ring[e + 1]! - ring[q + 1]!;
            c = c + ring[e + 2]! - ring[q + 2]!;
            d = d + ring[e + 3]! - ring[q + 3]!;
          }
          if (q === size) q = 0;
        } else {
          for (let r = 0; r < rounds; r++, e += 4) {
            a += ring[e]!;
            b += ring[e + 1]!;
            c += ring[e + 2]!;
            d += ring[e + 3]!;
          }
        }
        if (e === size) e = 0;
        k += 4 * rounds;
        i += 4 * rounds;
        continue;
      }
      // A value next to a wrap or at the end, into its lane alone.
      const j = i & 3;
      const lane = j === 0 ? a : j === 1 ? b : j === 2 ? c : d;
      const sum = leave ? lane + ring[e]! - ring[q]! : lane + ring[e]!;
      if (j === 0) a = sum;
      else if (j === 1) b = sum;
      else if (j === 2) c = sum;
      else d = sum;
      if (++e === size) e = 0;
      if (leave && ++q === size) q = 0;
      k++;
      i++;
    }
    lanes[from & 3] = a;
    lanes[(from + 1) & 3] = b;
    lanes[(from + 2) & 3] = c;
    lanes[(from + 3) & 3] = d;
    this.enter = e;
    this.leave = leave ? q : (this.leave + (to - from)) % size;
  }
}

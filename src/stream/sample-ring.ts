import type { Label, Sample, SampleBlock } from '../core/index.js';

/**
 * The last `capacity` samples of a stream, oldest first on read, kept as
 * copies in typed arrays: keeping a sample costs a copy of its features,
 * keeping a block's rows one `set` of its tail, and nothing the caller does
 * to its samples or blocks afterwards reaches the ring.
 *
 * @example
 * ```ts
 * const ring = new SampleRing(2, 1);
 * ring.push({ x: [1], t: 0 }); ring.push({ x: [2], t: 1 }); ring.push({ x: [3], t: 1 });
 * ring.toArray(); // [{ x: [2], t: 1 }, { x: [3], t: 1 }]
 * ```
 */
export class SampleRing {
  private readonly x: Float64Array;
  private readonly t: Uint8Array;
  private next = 0;
  private size = 0;
  // A block whose rows are kept but not yet copied (see hold).
  private held: SampleBlock | null = null;

  /**
   * @param capacity - samples kept, an integer ≥ 0 (0 keeps none)
   * @param width - features per sample
   * @throws RangeError for a bad capacity or width
   */
  constructor(
    readonly capacity: number,
    readonly width: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`capacity must be an integer ≥ 0, got ${String(capacity)}`);
    if (!Number.isInteger(width) || width < 0) throw new RangeError(`width must be an integer ≥ 0, got ${String(width)}`);
    this.x = new Float64Array(capacity * width);
    this.t = new Uint8Array(capacity);
  }

  /** Keeps a copy of a sample (of the ring's width), dropping the oldest when full. */
  push(sample: Sample): void {
    if (this.capacity === 0) return;
    if (this.held !== null) this.settle();
    this.x.set(sample.x, this.next * this.width);
    this.t[this.next] = sample.t;
    this.advance(1);
  }

  /** Keeps copies of rows `start … end − 1` of a block (default all; only the last `capacity` matter). */
  pushBlock(block: SampleBlock, start = 0, end = block.length): void {
    const cap = this.capacity;
    if (cap === 0 || end <= start) return;
    if (this.held !== null) this.settle();
    const w = this.width;
    if (end - start >= cap) {
      // The block fills the ring alone: its last rows go in from slot 0, in one copy each.
      this.x.set(block.x.subarray((end - cap) * w, end * w));
      this.t.set(block.t.subarray(end - cap, end));
      this.next = 0;
      this.size = cap;
      return;
    }
    const from = start;
    for (let r = from; r < end; ) {
      const n = Math.min(end - r, cap - this.next);
      this.x.set(block.x.subarray(r * w, (r + n) * w), this.next * w);
      this.t.set(block.t.subarray(r, r + n), this.next);
      this.advance(n);
      r += n;
    }
  }

  /**
   * Keeps all the rows of `block`, as {@link pushBlock} does, but copies them only at the next
   * {@link settle}, push or read: call `settle` before the block's owner may change it (before
   * returning to it). The copy can then be made once the block was used (learned), while its
   * rows are still in the processor's cache, and every read in between sees the same samples.
   * A block already held is copied first, so the order is kept.
   */
  hold(block: SampleBlock): void {
    if (this.held !== null) this.settle();
    if (this.capacity > 0 && block.length > 0) this.held = block;
  }

  /** Copies the rows of the block held by {@link hold}, if any. */
  settle(): void {
    const block = this.held;
    if (block === null) return;
    this.held = null;
    this.pushBlock(block);
  }

  /** Copies of the kept samples, oldest first. */
  toArray(): Sample[] {
    if (this.held !== null) this.settle();
    const out: Sample[] = [];
    const w = this.width;
    const start = this.size < this.capacity ? 0 : this.next;
    for (let k = 0; k < this.size; k++) {
      const i = (start + k) % this.capacity;
      out.push({ x: Array.from(this.x.subarray(i * w, i * w + w)), t: this.t[i] as Label });
    }
    return out;
  }

  /** Forgets every sample. */
  clear(): void {
    this.held = null;
    this.next = 0;
    this.size = 0;
  }

  private advance(n: number): void {
    this.next = (this.next + n) % this.capacity;
    this.size = Math.min(this.capacity, this.size + n);
  }
}

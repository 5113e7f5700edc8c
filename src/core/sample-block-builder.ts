import type { Label } from './sample.js';
import type { SampleBlock } from './sample-block.js';

/**
 * Collects rows into {@link SampleBlock}, growing its arrays by doubling.
 * The width is fixed by the first row.
 *
 * @example
 * ```ts
 * const b = new SampleBlockBuilder();
 * b.add([1, 2], 0, 1);
 * b.build(); // { width: 2, length: 1, x: Float64Array [1, 2], t: Uint8Array [0], positions: Float64Array [1] }
 * ```
 */
export class SampleBlockBuilder {
  private x = new Float64Array(0);
  private t = new Uint8Array(0);
  private positions = new Float64Array(0);
  private count = 0;
  private width = 0;
  private readonly initialCapacity: number;

  /** @param capacity - rows to make room for at first (default 1024); the arrays grow as needed */
  constructor(capacity = 1024) {
    this.initialCapacity = Math.max(16, Math.ceil(capacity));
  }

  /**
   * Appends a row: the first `width` values of `values` (all of them for the first row).
   *
   * @param values - the features (only the first `width` are read)
   * @param t - the label
   * @param position - where the row came from (its 1-based input line)
   */
  add(values: ArrayLike<number>, t: Label, position: number): void {
    if (this.count === 0 && this.width === 0) this.width = values.length;
    const w = this.width;
    if (this.count === this.t.length) this.grow();
    const x = this.x;
    const o = this.count * w;
    for (let j = 0; j < w; j++) x[o + j] = values[j]!;
    this.t[this.count] = t;
    this.positions[this.count] = position;
    this.count++;
  }

  /**
   * Like {@link add}, for a row whose width is given explicitly (the scanner
   * writes into a larger buffer).
   */
  addFrom(values: Float64Array, width: number, t: Label, position: number): void {
    if (this.count === 0 && this.width === 0) this.width = width;
    if (this.count === this.t.length) this.grow();
    const x = this.x;
    const o = this.count * width;
    for (let j = 0; j < width; j++) x[o + j] = values[j]!;
    this.t[this.count] = t;
    this.positions[this.count] = position;
    this.count++;
  }

  /** Appends every row of a block of the same width (or of any width, into an empty builder). */
  append(block: SampleBlock): void {
    if (block.length === 0) return;
    if (this.count === 0 && this.width === 0) this.width = block.width;
    if (block.width !== this.width) throw new RangeError(`cannot append rows of ${block.width} features to rows of ${this.width}`);
    while (this.t.length - this.count < block.length) this.grow();
    this.x.set(block.x.subarray(0, block.length * this.width), this.count * this.width);
    this.t.set(block.t.subarray(0, block.length), this.count);
    if (block.positions !== undefined) this.positions.set(block.positions.subarray(0, block.length), this.count);
    else for (let r = 0; r < block.length; r++) this.positions[this.count + r] = NaN;
    this.count += block.length;
  }

  /** The rows so far, as views of the builder's arrays (no copy). */
  build(): SampleBlock & { readonly positions: Float64Array } {
    const { count, width } = this;
    return {
      width,
      length: count,
      x: this.x.subarray(0, count * width),
      t: this.t.subarray(0, count),
      positions: this.positions.subarray(0, count),
    };
  }

  private grow(): void {
    const capacity = Math.max(this.initialCapacity, this.t.length * 2);
    const x = new Float64Array(capacity * this.width);
    x.set(this.x);
    const t = new Uint8Array(capacity);
    t.set(this.t);
    const positions = new Float64Array(capacity);
    positions.set(this.positions);
    this.x = x;
    this.t = t;
    this.positions = positions;
  }
}

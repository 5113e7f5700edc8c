import type { Label, Sample } from '../core/index.js';

/**
 * A block of samples stored column-wise in typed arrays: no object per
 * sample, so reading a big file makes almost no garbage. Row r's features
 * are `x[r·width … r·width + width − 1]` and its label `t[r]`.
 *
 * @example
 * ```ts
 * const cols: SampleColumns = { count: 1, width: 2, x: Float64Array.of(0.5, 1), t: Uint8Array.of(1), lines: Float64Array.of(1) };
 * ```
 */
export interface SampleColumns {
  /** Number of samples. */
  readonly count: number;
  /** Features per sample (0 only for an empty block before any sample). */
  readonly width: number;
  /** The features, row after row (`count · width` values). */
  readonly x: Float64Array;
  /** The labels, 0 or 1. */
  readonly t: Uint8Array;
  /** The 1-based input line of each sample. */
  readonly lines: Float64Array;
}

/**
 * Collects rows into {@link SampleColumns}, growing its arrays by doubling.
 * The width is fixed by the first row.
 *
 * @example
 * ```ts
 * const b = new SampleColumnsBuilder();
 * b.add([1, 2], 0, 1);
 * b.build(); // { count: 1, width: 2, x: Float64Array [1, 2], t: Uint8Array [0], lines: Float64Array [1] }
 * ```
 */
export class SampleColumnsBuilder {
  private x = new Float64Array(0);
  private t = new Uint8Array(0);
  private lines = new Float64Array(0);
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
   * @param line - the row's 1-based input line
   */
  add(values: ArrayLike<number>, t: Label, line: number): void {
    if (this.count === 0 && this.width === 0) this.width = values.length;
    const w = this.width;
    if (this.count === this.t.length) this.grow();
    const x = this.x;
    const o = this.count * w;
    for (let j = 0; j < w; j++) x[o + j] = values[j]!;
    this.t[this.count] = t;
    this.lines[this.count] = line;
    this.count++;
  }

  /**
   * Like {@link add}, for a row whose width is given explicitly (the scanner
   * writes into a larger buffer).
   */
  addFrom(values: Float64Array, width: number, t: Label, line: number): void {
    if (this.count === 0 && this.width === 0) this.width = width;
    if (this.count === this.t.length) this.grow();
    const x = this.x;
    const o = this.count * width;
    for (let j = 0; j < width; j++) x[o + j] = values[j]!;
    this.t[this.count] = t;
    this.lines[this.count] = line;
    this.count++;
  }

  /** Appends every row of a block of the same width (or of any width, into an empty builder). */
  append(columns: SampleColumns): void {
    if (columns.count === 0) return;
    if (this.count === 0 && this.width === 0) this.width = columns.width;
    if (columns.width !== this.width) throw new RangeError(`cannot append rows of ${columns.width} features to rows of ${this.width}`);
    while (this.t.length - this.count < columns.count) this.grow();
    this.x.set(columns.x.subarray(0, columns.count * this.width), this.count * this.width);
    this.t.set(columns.t.subarray(0, columns.count), this.count);
    this.lines.set(columns.lines.subarray(0, columns.count), this.count);
    this.count += columns.count;
  }

  /** The rows so far, as views of the builder's arrays (no copy). */
  build(): SampleColumns {
    const { count, width } = this;
    return {
      count,
      width,
      x: this.x.subarray(0, count * width),
      t: this.t.subarray(0, count),
      lines: this.lines.subarray(0, count),
    };
  }

  private grow(): void {
    const capacity = Math.max(this.initialCapacity, this.t.length * 2);
    const x = new Float64Array(capacity * this.width);
    x.set(this.x);
    const t = new Uint8Array(capacity);
    t.set(this.t);
    const lines = new Float64Array(capacity);
    lines.set(this.lines);
    this.x = x;
    this.t = t;
    this.lines = lines;
  }
}

/**
 * Turns columns into {@link Sample} objects (fresh arrays, sharing no memory
 * with the columns).
 *
 * @example
 * ```ts
 * columnsToSamples({ count: 1, width: 2, x: Float64Array.of(3, 4), t: Uint8Array.of(1), lines: Float64Array.of(1) });
 * // [{ x: [3, 4], t: 1 }]
 * ```
 */
export function columnsToSamples(columns: SampleColumns): Sample[] {
  const { count, width, x, t } = columns;
  const samples = new Array<Sample>(count);
  for (let r = 0; r < count; r++) {
    const o = r * width;
    const row: number[] = [];
    for (let j = 0; j < width; j++) row.push(x[o + j]!);
    samples[r] = { x: row, t: t[r] as Label };
  }
  return samples;
}

/**
 * Copies row `r` of the columns into `into` (a reusable view), for learning
 * without allocating.
 *
 * @returns `into`, with `x` overwritten and `t` set
 * @example
 * ```ts
 * const view = { x: [0, 0], t: 0 as Label };
 * learnOne(model, readRow(columns, 5, view), options);
 * ```
 */
export function readRow(columns: SampleColumns, r: number, into: { x: number[]; t: Label }): Sample {
  const { width, x } = columns;
  const row = into.x;
  const o = r * width;
  for (let j = 0; j < width; j++) row[j] = x[o + j]!;
  into.t = columns.t[r] as Label;
  return into;
}

import type { Label, Sample } from './sample.js';

/**
 * The unit of a stream: many samples in typed arrays, with no object per
 * sample. Row r's features are `x[r·width … r·width + width − 1]` and its
 * label `t[r]`. Sources (the generator, the file readers, the server's
 * `samples` messages) emit blocks; the {@link Trainer} learns from them
 * without copying.
 *
 * @example
 * ```ts
 * const block: SampleBlock = { width: 2, length: 2, x: Float64Array.of(0.5, 1, -1, 2), t: Uint8Array.of(1, 0) };
 * ```
 */
export interface SampleBlock {
  /** Features per sample (0 only for an empty block before any sample). */
  readonly width: number;
  /** Number of samples. */
  readonly length: number;
  /** The features, row after row (`length · width` values at least). */
  readonly x: Float64Array;
  /** The labels, 0 or 1 (`length` values at least). */
  readonly t: Uint8Array;
  /** Where each sample came from (1-based line numbers, broker sequence numbers), for errors and acknowledgements. */
  readonly positions?: Float64Array;
}

/**
 * Whether a value is a {@link SampleBlock} (as opposed to a `Sample` or an array of them).
 *
 * @example
 * ```ts
 * isSampleBlock(blockFromSamples([{ x: [1], t: 0 }])); // true
 * isSampleBlock([{ x: [1], t: 0 }]);                   // false
 * ```
 */
export function isSampleBlock(value: unknown): value is SampleBlock {
  return typeof value === 'object' && value !== null && (value as { x?: unknown }).x instanceof Float64Array;
}

/**
 * Packs samples into a block (copies: the block shares no memory with them).
 *
 * @param samples - samples of one width
 * @param width - the width of an empty block (default: the first sample's)
 * @throws RangeError when the samples have different widths
 * @example
 * ```ts
 * blockFromSamples([{ x: [1, 2], t: 1 }]); // { width: 2, length: 1, x: Float64Array [1, 2], t: Uint8Array [1] }
 * ```
 */
export function blockFromSamples(samples: readonly Sample[], width = samples[0]?.x.length ?? 0): SampleBlock {
  const n = samples.length;
  const x = new Float64Array(n * width);
  const t = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const s = samples[r]!;
    if (s.x.length !== width) throw new RangeError(`samples[${r}] has ${s.x.length} features, expected ${width}`);
    x.set(s.x, r * width);
    t[r] = s.t;
  }
  return { width, length: n, x, t };
}

/**
 * Unpacks a block into {@link Sample} objects (fresh arrays, sharing no memory with the block).
 *
 * @example
 * ```ts
 * blockToSamples({ width: 2, length: 1, x: Float64Array.of(3, 4), t: Uint8Array.of(1) }); // [{ x: [3, 4], t: 1 }]
 * ```
 */
export function blockToSamples(block: SampleBlock): Sample[] {
  const { length } = block;
  const samples = new Array<Sample>(length);
  for (let r = 0; r < length; r++) samples[r] = sampleAt(block, r);
  return samples;
}

/**
 * Row r of a block as a new {@link Sample}.
 *
 * @example
 * ```ts
 * sampleAt(block, 0); // { x: [0.5, 1], t: 1 }
 * ```
 */
export function sampleAt(block: SampleBlock, r: number): Sample {
  const { width, x } = block;
  const row: number[] = [];
  for (let j = 0, o = r * width; j < width; j++) row.push(x[o + j]!);
  return { x: row, t: block.t[r] as Label };
}

/**
 * Rows `start` to `end − 1` of a block, as views of its arrays (no copy).
 *
 * @example
 * ```ts
 * sliceBlock(block, 10, 20).length; // 10
 * ```
 */
export function sliceBlock(block: SampleBlock, start: number, end: number): SampleBlock {
  const { width, positions } = block;
  const view = { width, length: end - start, x: block.x.subarray(start * width, end * width), t: block.t.subarray(start, end) };
  return positions === undefined ? view : { ...view, positions: positions.subarray(start, end) };
}

/**
 * A copy of a block that shares no memory with it (the block may be reused by its producer).
 *
 * @example
 * ```ts
 * const kept = copyBlock(block);
 * ```
 */
export function copyBlock(block: SampleBlock): SampleBlock {
  const { width, length, positions } = block;
  const copy = { width, length, x: block.x.slice(0, length * width), t: block.t.slice(0, length) };
  return positions === undefined ? copy : { ...copy, positions: positions.slice(0, length) };
}

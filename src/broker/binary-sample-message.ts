/**
 * The binary sample message: an alternative to JSON Lines for producers that
 * already hold numbers, read without any text parsing (the features are a
 * view of the payload when aligned, else one copy). Layout, little-endian:
 *
 * | bytes | field |
 * | --- | --- |
 * | 0–3 | magic `RXLB` (no JSON text starts with `R`, so the formats cannot be confused) |
 * | 4 | version, 1 |
 * | 5 | reserved, 0 |
 * | 6–7 | width: features per sample (uint16) |
 * | 8–11 | count: samples (uint32) |
 * | 12–15 | reserved, 0 |
 * | 16 … | `count · width` float64 features, row after row |
 * | then | `count` labels, one byte each (0 or 1) |
 *
 * A sample with a non-finite feature or a label other than 0 and 1 is a
 * rejection (its index is its row); a message whose header or length is wrong,
 * or whose width is not the model's, cannot be parsed at all (dead letter).
 *
 * @module
 */
import { identityIndex } from './identity-index.js';
import type { SampleMessageBlock, UnparseableMessage } from './sample-message.js';

/** The binary format's first four bytes, `RXLB`. */
export const BINARY_MAGIC = Uint8Array.of(0x52, 0x58, 0x4c, 0x42);
const HEADER = 16;

/** Whether a payload is a binary sample message (starts with `RXLB`). */
export function isBinarySampleMessage(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x52 && data[1] === 0x58 && data[2] === 0x4c && data[3] === 0x42;
}

/**
 * Encodes samples (row-major features and labels) as one binary message.
 *
 * @param x - `t.length · width` features, row after row
 * @param t - the labels
 * @example
 * ```ts
 * const data = encodeBinarySamples(2, Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 0));
 * data.length; // 16 + 32 + 2
 * ```
 */
export function encodeBinarySamples(width: number, x: Float64Array, t: Uint8Array): Uint8Array {
  const count = t.length;
  if (!Number.isInteger(width) || width < 1 || width > 0xffff) throw new RangeError(`width must be an integer in 1…65535, got ${width}`);
  if (x.length < count * width) throw new RangeError(`x has ${x.length} values, ${count} samples of width ${width} need ${count * width}`);
  const out = new Uint8Array(HEADER + count * width * 8 + count);
  out.set(BINARY_MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint8(4, 1);
  view.setUint16(6, width, true);
  view.setUint32(8, count, true);
  const features = new Float64Array(out.buffer, HEADER, count * width);
  features.set(x.subarray(0, count * width));
  out.set(t.subarray(0, count), HEADER + count * width * 8);
  return out;
}

/**
 * Reads a binary sample message into a block (see the module's layout) in one
 * pass over its numbers: the features are a view of `data` when they sit
 * 8-byte aligned in its buffer, else one copy; the labels are a view. Only a
 * message with a bad row (a non-finite feature, a label other than 0 or 1) is
 * copied and compacted, its bad rows listed in `rejected`.
 *
 * The block may share memory with `data` (`x`, `t`) and with other blocks
 * (`index`, when no row was rejected): read it, never write to it.
 *
 * @example
 * ```ts
 * const b = parseBinarySampleMessage(encodeBinarySamples(1, Float64Array.of(0.5), Uint8Array.of(1)), 1);
 * if (b.ok) b.count; // 1
 * ```
 */
export function parseBinarySampleMessage(data: Uint8Array, inputs: number): SampleMessageBlock | UnparseableMessage {
  if (data.length < HEADER || !isBinarySampleMessage(data)) return { ok: false, reason: 'the binary message is shorter than its 16-byte header' };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = view.getUint8(4);
  if (version !== 1) return { ok: false, reason: `the binary message has version ${version}; this reader knows version 1` };
  const width = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  if (width !== inputs) return { ok: false, reason: `the binary message has ${width} features a sample, the model has ${inputs} inputs` };
  const n = count * width;
  const expected = HEADER + n * 8 + count;
  if (data.length !== expected) return { ok: false, reason: `the binary message is ${data.length} bytes; ${count} samples of width ${width} take ${expected}` };
  const at = data.byteOffset + HEADER;
  const x = at % 8 === 0 ? new Float64Array(data.buffer, at, n) : copyFeatures(data, n);
  const t = data.subarray(HEADER + n * 8, expected);
  // v − v is 0 for every finite v, NaN for ±Infinity and NaN; a label is bad when a bit above the first is set.
  let finite = true;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v - v !== 0) {
      finite = false;
      break;
    }
  }
  let labels = 0;
  for (let r = 0; r < count; r++) labels |= t[r]!;
  if (finite && labels <= 1) return { ok: true, count, width, x, t, index: identityIndex(count), total: count, rejected: [] };
  // Rare: compact the good rows into copies (never write into the message).
  return compact(x.buffer === data.buffer ? x.slice() : x, t.slice(), count, width);
}

function copyFeatures(data: Uint8Array, n: number): Float64Array {
  const x = new Float64Array(n);
  new Uint8Array(x.buffer).set(data.subarray(HEADER, HEADER + n * 8));
  return x;
}

function compact(x: Float64Array, t: Uint8Array, count: number, width: number): SampleMessageBlock {
  const rejected: { index: number; reason: string }[] = [];
  let kept = 0;
  const index = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    const reason = rowProblem(x, t, r, width);
    if (reason !== null) {
      rejected.push({ index: r, reason });
      continue;
    }
    if (kept !== r) {
      x.copyWithin(kept * width, r * width, (r + 1) * width);
      t[kept] = t[r]!;
    }
    index[kept++] = r;
  }
  return { ok: true, count: kept, width, x: x.subarray(0, kept * width), t: t.subarray(0, kept), index: index.subarray(0, kept), total: count, rejected };
}

function rowProblem(x: Float64Array, t: Uint8Array, r: number, width: number): string | null {
  const label = t[r]!;
  if (label > 1) return `t: must be 0 or 1, got ${label}`;
  for (let i = r * width; i < (r + 1) * width; i++) if (!Number.isFinite(x[i]!)) return `x[${i - r * width}]: must be a finite number, got ${x[i]}`;
  return null;
}

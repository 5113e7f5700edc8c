/**
 * The samples of one broker message: JSON Lines (one `{"x":[…],"t":0|1}` per
 * line), one JSON array of such objects, or the binary format of
 * `binary-sample-message.ts` (a payload starting with `RXLB`). Each sample keeps its index in the
 * message (the k-th sample, blank lines not counted), so that a learner can
 * say exactly which samples of a message it has applied.
 *
 * A message is *unparseable* (to be dead-lettered, never redelivered) when it
 * is not UTF-8, is empty, is an array that is not valid JSON, or has a line
 * that is not JSON at all. A line or element that is JSON but not a valid
 * sample of the model's width is a *rejection*: the other samples still count.
 *
 * @module
 */
import { checkSample, SampleBlockBuilder } from '../core/index.js';
import type { Label } from '../core/index.js';
import { isBinarySampleMessage, parseBinarySampleMessage } from './binary-sample-message.js';
import { isUtf8 } from 'node:buffer';
import { JsonlByteScanner } from '../data/jsonl-byte-scanner.js';
import { scanJsonlInto } from '../data/jsonl-sample-parser.js';
import { sampleRejectionReason } from '../stream/sample-schema.js';

/**
 * The valid samples of one message, row-major, with their indices, and the
 * rejected ones with their reasons.
 *
 * @example
 * ```ts
 * const b = parseSampleMessage(new TextEncoder().encode('{"x":[1,2],"t":1}\n{"x":[3],"t":0}'), 2);
 * if (b.ok) { b.count; b.index; b.rejected; } // 1, Float64Array [0], [{ index: 1, reason: 'x: has 1 value, expected 2' }]
 * ```
 */
export interface SampleMessageBlock {
  readonly ok: true;
  /** Valid samples. */
  readonly count: number;
  /** Features per sample (the model's inputs). */
  readonly width: number;
  /** Features, row after row (`count · width`). */
  readonly x: Float64Array;
  /** Labels. */
  readonly t: Uint8Array;
  /** Each valid sample's 0-based index in the message. */
  readonly index: Float64Array;
  /** Samples in the message, valid or not. */
  readonly total: number;
  /** Invalid samples: index in the message and reason. */
  readonly rejected: readonly { readonly index: number; readonly reason: string }[];
}

/** Why a message cannot be parsed at all. */
export interface UnparseableMessage {
  readonly ok: false;
  readonly reason: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
let scratch = new Float64Array(256);
const bytes = new JsonlByteScanner();

/**
 * Parses one message's payload into samples of width `inputs`.
 *
 * @param data - the message payload
 * @param inputs - the model's number of inputs
 * @returns the block, or why the message is unparseable
 * @example
 * ```ts
 * parseSampleMessage(new TextEncoder().encode('[{"x":[1],"t":0}]'), 1); // { ok: true, count: 1, … }
 * parseSampleMessage(new TextEncoder().encode('{"x":[1'), 1);           // { ok: false, reason: 'line 1 is not JSON: …' }
 * ```
 */
export function parseSampleMessage(data: Uint8Array, inputs: number): SampleMessageBlock | UnparseableMessage {
  if (isBinarySampleMessage(data)) return parseBinarySampleMessage(data, inputs);
  if (!isUtf8(data)) return { ok: false, reason: 'the message is not UTF-8' };
  const start = firstNonBlankByte(data);
  if (start < 0) return { ok: false, reason: 'the message is empty' };
  if (scratch.length < inputs) scratch = new Float64Array(inputs);
  if (data[start] === 0x5b) return parseArray(decoder.decode(data), new RowBuilder(inputs, 16));
  return parseLines(data, inputs, new RowBuilder(inputs, Math.max(16, Math.ceil(data.length / 24))));
}

function parseArray(text: string, rows: RowBuilder): SampleMessageBlock | UnparseableMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `the message is not JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(value)) return { ok: false, reason: 'the message is not a JSON array' };
  for (let k = 0; k < value.length; k++) rows.addValue(value[k], k);
  return rows.build(value.length);
}

/**
 * Line by line, straight from the bytes: the byte scanner reads the common line with no text decoded
 * (the fastest path measured); a line it declines, and a last line with no newline after it, is decoded
 * alone and read by the text scanner, or by JSON.parse, which also words the errors.
 */
function parseLines(data: Uint8Array, inputs: number, rows: RowBuilder): SampleMessageBlock | UnparseableMessage {
  // The byte scanner stops at a newline without bounds checks: it may only read lines that have one.
  const scannable = data.lastIndexOf(0x0a) + 1;
  let k = 0;
  let s = 0;
  let line = 0;
  while (s <= data.length) {
    line++;
    if (s < scannable) {
      const fast = bytes.scan(data, s, scratch);
      if (fast >= 0 && fast >> 1 === inputs) {
        rows.addRow(scratch, (fast & 1) as Label, k++);
        s = bytes.end + 1;
        continue;
      }
    }
    let e = data.indexOf(0x0a, s);
    if (e < 0) e = data.length;
    const text = decoder.decode(data.subarray(s, e > s && data[e - 1] === 0x0d ? e - 1 : e));
    if (firstNonBlank(text) >= 0) {
      const fast = scanJsonlInto(text, 0, text.length, scratch);
      if (fast >= 0 && fast >> 1 === inputs) {
        rows.addRow(scratch, (fast & 1) as Label, k);
      } else {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (err) {
          return { ok: false, reason: `line ${line} is not JSON: ${(err as Error).message}` };
        }
        rows.addValue(value, k);
      }
      k++;
    }
    s = e + 1;
  }
  return rows.build(k);
}

/** The valid rows of a message (in the core's block builder, positions = index in the message) and its rejections. */
class RowBuilder {
  private readonly rows: SampleBlockBuilder;
  readonly rejected: { index: number; reason: string }[] = [];

  constructor(
    private readonly width: number,
    capacity: number,
  ) {
    this.rows = new SampleBlockBuilder(capacity);
  }

  addValue(value: unknown, k: number): void {
    if (checkSample(value, this.width) !== null) {
      this.rejected.push({ index: k, reason: sampleRejectionReason(value, this.width) ?? 'not a sample' });
      return;
    }
    const s = value as { x: number[]; t: Label };
    this.rows.add(s.x, s.t, k);
  }

  addRow(values: Float64Array, t: Label, k: number): void {
    this.rows.addFrom(values, this.width, t, k);
  }

  build(total: number): SampleMessageBlock {
    const b = this.rows.build();
    return { ok: true, count: b.length, width: this.width, x: b.x, t: b.t, index: b.positions, total, rejected: this.rejected };
  }
}

function firstNonBlank(text: string, start = 0, end = text.length): number {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
  }
  return -1;
}

function firstNonBlankByte(data: Uint8Array): number {
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
  }
  return -1;
}

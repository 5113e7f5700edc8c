/**
 * Streaming sample readers over any byte stream (a file, stdin, a socket):
 * big chunks are split on their last `\n` byte, decoded once and parsed in
 * place. The whole input is never held in memory.
 *
 * @module
 */
import { isAscii } from 'node:buffer';
// Core files, not the core's index: `rxlogit train` starts faster loading only what it uses.
import { blockToSamples } from '../core/sample-block.js';
import type { SampleBlock } from '../core/sample-block.js';
import { SampleBlockBuilder } from '../core/sample-block-builder.js';
import type { Sample } from '../core/sample.js';
import type { SampleFormat } from './sample-format.js';
import { SampleTextParser } from './sample-text-parser.js';
import { SampleLineError } from './sample-validation.js';
import type { SampleParseError } from './sample-validation.js';

/** Options of the sample readers. */
export interface ReadSamplesOptions {
  /** `'jsonl'` (default) or `'csv'`. */
  readonly format?: SampleFormat;
  /**
   * Skip invalid lines, reporting them in each chunk's `invalid` (default
   * false: the reader throws a {@link SampleLineError} at the first one, after
   * yielding the valid samples before it).
   */
  readonly skipInvalid?: boolean;
  /** The number of features every sample must have (default: as many as the first valid sample). */
  readonly width?: number;
  /**
   * The longest line accepted, in bytes without its line end (default
   * {@link DEFAULT_MAX_LINE_BYTES}, 8 MiB: about 500,000 features in JSON).
   * A longer line, or input with no newline past this many bytes (`/dev/zero`),
   * stops the reader with a {@link SampleLineError} naming the line, even with
   * `skipInvalid`: the reader never holds more than this of one line.
   */
  readonly maxLineBytes?: number;
}

/** The default {@link ReadSamplesOptions.maxLineBytes}: 8 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/** What {@link readSampleBlocks} yields for each chunk of input. */
export interface SampleBlockChunk {
  /** The valid samples, in input order, with their line numbers as `positions`. */
  readonly block: SampleBlock & { readonly positions: Float64Array };
  /** The invalid lines skipped in this chunk (always empty unless `skipInvalid`). */
  readonly invalid: readonly SampleParseError[];
  /** Bytes taken from the input so far (for progress). */
  readonly bytesRead: number;
}

/** What {@link readSampleChunks} yields for each chunk of input. */
export interface SampleChunk {
  /** The valid samples, in input order. */
  readonly samples: Sample[];
  /** The 1-based line number of each sample. */
  readonly lines: number[];
  /** The invalid lines skipped in this chunk (always empty unless `skipInvalid`). */
  readonly invalid: readonly SampleParseError[];
  /** Bytes taken from the input so far (for progress). */
  readonly bytesRead: number;
}

/** One sample with its line number, as {@link readSamples} yields it. */
export interface LineSample {
  readonly sample: Sample;
  readonly line: number;
}

/**
 * Reads samples from a byte stream into {@link SampleBlock}s, one block per
 * chunk of input: the fastest reader (no object per sample).
 *
 * Handles `\n` and `\r\n` line ends, a last line without a newline, a UTF-8
 * byte-order mark, multi-byte characters split across chunks and lines longer
 * than a chunk. String chunks (a stream with an encoding set) are accepted
 * too. Breaking out of the loop destroys a Node stream.
 *
 * @param input - a `Readable` (`fs.createReadStream(path)`, `process.stdin`, a socket) or any async iterable of bytes
 * @param options - format (default `'jsonl'`), skipInvalid (default false), width (default: from the first sample)
 * @throws SampleLineError at the first invalid line, unless `skipInvalid`
 * @example
 * ```ts
 * const trainer = new Trainer({ inputs: 2 });
 * for await (const { block } of readSampleBlocks(fs.createReadStream('train.jsonl'))) trainer.learn(block);
 * ```
 */
export async function* readSampleBlocks(
  input: AsyncIterable<Uint8Array | string>,
  options: ReadSamplesOptions = {},
): AsyncGenerator<SampleBlockChunk, void, undefined> {
  const parser = new SampleTextParser(options);
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const carry = new CarriedLine(); // the bytes of a line not yet ended
  let bytesRead = 0;
  let perLine = 40; // bytes a line, to size the next block: about 40 is typical for two features
  for await (const data of input) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : toBuffer(data);
    bytesRead += bytes.length;
    // Split on the last \n byte: it never occurs inside a multi-byte UTF-8 character.
    const newline = bytes.lastIndexOf(0x0a);
    if (newline < 0) {
      if (carry.length + bytes.length > maxLine) throw lineTooLong(parser.line + 1, maxLine);
      carry.append(bytes, 0, bytes.length); // copied: a stream may reuse its buffers
      continue;
    }
    if (carry.length + bytes.length > maxLine) {
      const long = firstLongLine(bytes, newline, carry.length, maxLine);
      if (long !== undefined) throw lineTooLong(parser.line + 1 + long, maxLine);
    }
    const sink = newSink(Math.ceil((carry.length + newline + 1) / perLine) + 16);
    const linesBefore = parser.line;
    let error: SampleParseError | undefined;
    let from = 0;
    if (carry.length > 0) {
      // Only the carried line is joined, in the carry's own buffer: the rest is parsed where it lies.
      from = bytes.indexOf(0x0a) + 1;
      carry.append(bytes, 0, from);
      error = parseRange(parser, carry.bytes, 0, carry.length - 1, sink);
      carry.length = 0;
    }
    if (error === undefined && from <= newline) error = parseRange(parser, bytes, from, newline, sink);
    if (parser.line > linesBefore) perLine = Math.max(8, (newline + 1) / (parser.line - linesBefore));
    carry.append(bytes, newline + 1, bytes.length);
    yield chunkOf(sink, bytesRead);
    if (error !== undefined) throw new SampleLineError(error);
    if (carry.length > maxLine) throw lineTooLong(parser.line + 1, maxLine);
  }
  if (carry.length === 0) return;
  const sink = newSink(16);
  carry.append(NEWLINE, 0, 1); // the last line, without its \n: the scanner stops at one
  const error = parseRange(parser, carry.bytes, 0, carry.length - 1, sink);
  yield chunkOf(sink, bytesRead);
  if (error !== undefined) throw new SampleLineError(error);
}

/**
 * Reads samples from a byte stream as arrays of {@link Sample} objects, one
 * array per chunk of input; see {@link readSampleBlocks} for what it handles.
 *
 * @param input - a `Readable` or any async iterable of bytes
 * @param options - format (default `'jsonl'`), skipInvalid (default false), width
 * @throws SampleLineError at the first invalid line, unless `skipInvalid`
 * @example
 * ```ts
 * for await (const chunk of readSampleChunks(process.stdin, { format: 'csv' })) {
 *   for (const s of chunk.samples) learnOne(model, s, { schedule: { kind: 'constant', lr: 0.05 } });
 * }
 * ```
 */
export async function* readSampleChunks(
  input: AsyncIterable<Uint8Array | string>,
  options: ReadSamplesOptions = {},
): AsyncGenerator<SampleChunk, void, undefined> {
  for await (const { block, invalid, bytesRead } of readSampleBlocks(input, options)) {
    yield { samples: blockToSamples(block), lines: Array.from(block.positions), invalid, bytesRead };
  }
}

/**
 * Reads samples one by one with their line numbers: convenient, slower than
 * the chunk readers. Invalid lines are skipped silently with `skipInvalid`;
 * use {@link readSampleChunks} to see them.
 *
 * @param input - a `Readable` or any async iterable of bytes
 * @param options - format (default `'jsonl'`), skipInvalid (default false), width
 * @throws SampleLineError at the first invalid line, unless `skipInvalid`
 * @example
 * ```ts
 * for await (const { sample, line } of readSamples(fs.createReadStream('a.csv'), { format: 'csv' })) console.log(line, sample.x);
 * ```
 */
export async function* readSamples(
  input: AsyncIterable<Uint8Array | string>,
  options: ReadSamplesOptions = {},
): AsyncGenerator<LineSample, void, undefined> {
  for await (const chunk of readSampleChunks(input, options)) {
    for (let i = 0; i < chunk.samples.length; i++) yield { sample: chunk.samples[i]!, line: chunk.lines[i]! };
  }
}

const NO_ERRORS: readonly SampleParseError[] = Object.freeze([]);
const NEWLINE = Buffer.from('\n');

/** The bytes of a line that a chunk began and a later chunk ends, in one reused buffer. */
class CarriedLine {
  bytes = Buffer.allocUnsafe(1 << 12);
  length = 0;

  append(from: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.length + n > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.bytes.set(from.subarray(start, end), this.length);
    this.length += n;
  }
}

interface BlockSink {
  readonly columns: SampleBlockBuilder;
  readonly invalid: SampleParseError[];
}

function newSink(capacity: number): BlockSink {
  return { columns: new SampleBlockBuilder(capacity), invalid: [] };
}

function chunkOf(sink: BlockSink, bytesRead: number): SampleBlockChunk {
  const invalid = sink.invalid.length === 0 ? NO_ERRORS : sink.invalid;
  return { block: sink.columns.build(), invalid, bytesRead };
}

/**
 * Parses the whole lines of `bytes[start, end]` (`bytes[end]` is a `\n`):
 * JSON Lines from the bytes, CSV (rarer, and read as text) decoded once,
 * ASCII as Latin-1 (5× faster than UTF-8).
 */
function parseRange(parser: SampleTextParser, bytes: Buffer, start: number, end: number, sink: BlockSink): SampleParseError | undefined {
  if (!parser.csv) return parser.parseBytes(bytes, start, end, sink);
  const block = bytes.subarray(start, end);
  const text = block.toString(isAscii(block) ? 'latin1' : 'utf8');
  const first = parser.line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 byte-order mark
  return parser.parseLines(text, first, text.length, sink);
}

/**
 * Which line of `bytes[0, lastNewline]` (0 = the one continuing `carried`
 * bytes of the previous chunks) is longer than `max` bytes, if any.
 */
function firstLongLine(bytes: Buffer, lastNewline: number, carried: number, max: number): number | undefined {
  let start = -carried;
  for (let k = 0; start <= lastNewline; k++) {
    const end = bytes.indexOf(0x0a, Math.max(start, 0));
    const stop = end < 0 || end > lastNewline ? lastNewline : end;
    let length = stop - start;
    if (length > 0 && bytes[stop - 1] === 0x0d) length--; // a \r\n line end
    if (length > max) return k;
    if (stop >= lastNewline) return undefined;
    start = stop + 1;
  }
  return undefined;
}

function lineTooLong(line: number, max: number): SampleLineError {
  const limit = max.toLocaleString('en-US');
  return new SampleLineError({ line, reason: `longer than ${limit} bytes, the maximum line length (raise it with --max-line-bytes, or maxLineBytes)` });
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Streaming sample readers over any byte stream (a file, stdin, a socket):
 * big chunks are split on their last `\n` byte, decoded once and parsed in
 * place. The whole input is never held in memory.
 *
 * @module
 */
import { isAscii } from 'node:buffer';
import { blockToSamples, SampleBlockBuilder } from '../core/index.js';
import type { Sample, SampleBlock } from '../core/index.js';
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
  const pending: Buffer[] = []; // the bytes of a line not yet ended
  let pendingBytes = 0;
  let bytesRead = 0;
  for await (const data of input) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : toBuffer(data);
    bytesRead += bytes.length;
    // Split on the last \n byte: it never occurs inside a multi-byte UTF-8 character.
    const newline = bytes.lastIndexOf(0x0a);
    if (newline < 0) {
      pendingBytes += bytes.length;
      if (pendingBytes > maxLine) throw lineTooLong(parser.line + 1, maxLine);
      pending.push(Buffer.from(bytes)); // copied: a stream may reuse its buffers
      continue;
    }
    if (pendingBytes + bytes.length > maxLine) {
      const long = firstLongLine(bytes, newline, pendingBytes, maxLine);
      if (long !== undefined) throw lineTooLong(parser.line + 1 + long, maxLine);
    }
    const head = bytes.subarray(0, newline);
    const block = pending.length === 0 ? head : Buffer.concat([...pending.splice(0), head]);
    pendingBytes = bytes.length - newline - 1;
    if (pendingBytes > 0) pending.push(Buffer.from(bytes.subarray(newline + 1)));
    const { chunk, error } = parseBlock(parser, block, bytesRead);
    yield chunk;
    if (error !== undefined) throw new SampleLineError(error);
    if (pendingBytes > maxLine) throw lineTooLong(parser.line + 1, maxLine);
  }
  if (pending.length === 0) return;
  const { chunk, error } = parseBlock(parser, Buffer.concat(pending), bytesRead);
  yield chunk;
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

/** Decodes a block of whole lines (ASCII, the common case, as Latin-1: 5× faster than UTF-8) and parses it. */
function parseBlock(
  parser: SampleTextParser,
  block: Buffer,
  bytesRead: number,
): { chunk: SampleBlockChunk; error: SampleParseError | undefined } {
  const text = block.toString(isAscii(block) ? 'latin1' : 'utf8');
  // About 40 bytes a line is typical for two features: few regrowths, little slack.
  const sink = { columns: new SampleBlockBuilder(block.length / 40), invalid: [] as SampleParseError[] };
  const start = parser.line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 byte-order mark
  const error = parser.parseLines(text, start, text.length, sink);
  const invalid = sink.invalid.length === 0 ? NO_ERRORS : sink.invalid;
  return { chunk: { block: sink.columns.build(), invalid, bytesRead }, error };
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

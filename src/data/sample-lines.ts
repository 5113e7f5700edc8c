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
import { cutLineRuns } from './line-runs.js';
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
  let perLine = 40; // bytes a line, to size the next block: about 40 is typical for two features
  let sink: BlockSink | undefined; // one block per input chunk
  let linesBefore = 0;
  for await (const run of cutLineRuns(input, maxLine)) {
    if (run.kind === 'too-long') throw lineTooLong(parser.line + 1 + run.linesAhead, maxLine);
    if (sink === undefined) {
      sink = newSink(Math.ceil(run.chunkBytes / perLine) + 16);
      linesBefore = parser.line;
    }
    const error = parseRange(parser, run.bytes, run.start, run.end, sink);
    if (error === undefined && !run.last) continue;
    if (parser.line > linesBefore) perLine = Math.max(8, run.chunkBytes / (parser.line - linesBefore));
    yield chunkOf(sink, run.bytesRead);
    sink = undefined;
    if (error !== undefined) throw new SampleLineError(error);
  }
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
/** Where a block's samples and invalid lines go. */
export interface BlockSink {
  readonly columns: SampleBlockBuilder;
  readonly invalid: SampleParseError[];
}

export function newSink(capacity: number): BlockSink {
  return { columns: new SampleBlockBuilder(capacity), invalid: [] };
}

export function chunkOf(sink: BlockSink, bytesRead: number): SampleBlockChunk {
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

export function lineTooLong(line: number, max: number): SampleLineError {
  const limit = max.toLocaleString('en-US');
  return new SampleLineError({ line, reason: `longer than ${limit} bytes, the maximum line length (raise it with --max-line-bytes, or maxLineBytes)` });
}

/**
 * Reading JSON Lines on two threads: a worker parses two runs of lines out of
 * three while this thread parses the third and the caller (the `train`
 * command) learns, so a machine with two cores parses and learns at once.
 *
 * The worker's parses are speculative: each run is parsed with a fresh
 * parser, and the results are taken in file order, their line numbers
 * shifted by the lines before. A run the worker could not finish (an invalid
 * line) or whose width disagrees with the file's is parsed again here, in
 * order, with the reader's own state: the blocks, line numbers, invalid lines
 * and errors are exactly those of {@link readSampleBlocks}.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cutLineRuns } from './line-runs.js';
import { chunkOf, DEFAULT_MAX_LINE_BYTES, lineTooLong, newSink, readSampleBlocks } from './sample-lines.js';
import type { ReadSamplesOptions, SampleBlockChunk } from './sample-lines.js';
import { SampleTextParser } from './sample-text-parser.js';
import { SampleLineError } from './sample-validation.js';

/** A run of lines sent to the worker: `length` bytes of `buffer`, ending with `\n`. */
export interface ParseRequest {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly length: number;
  /** The file's width when known, else -1. */
  readonly width: number;
  /** Expected samples (to size the block). */
  readonly capacity: number;
}

/** The worker's answer: the buffer back, and the block when it parsed every line. */
export type ParseReply =
  | { readonly id: number; readonly buffer: ArrayBuffer; readonly done: false }
  | {
      readonly id: number;
      readonly buffer: ArrayBuffer;
      readonly done: true;
      readonly x: Float64Array;
      readonly t: Uint8Array;
      readonly positions: Float64Array;
      readonly samples: number;
      /** The block's own width (0 when it has no sample), as a one-thread reader's block has. */
      readonly blockWidth: number;
      /** The width the parser ended with (-1: no sample, none given). */
      readonly width: number;
      readonly widthLine: number | undefined;
      /** The parser's line count at the end (from `firstLine`). */
      readonly lines: number;
    };

/** Runs read ahead of the one being taken: enough to keep both threads busy, little memory (runs are about 1 MiB). */
const AHEAD = 6;

const NO_ERRORS: readonly never[] = Object.freeze([]);

const WORKER_URL = new URL('./read-blocks-worker.js', import.meta.url);

/**
 * Whether {@link readBlocksInParallel} can run here: the worker's compiled
 * module is present (it is in the package's `dist/`; not when the sources
 * run through a TypeScript loader, which a worker thread does not inherit).
 */
export function canReadInParallel(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

interface Run {
  /** The run's bytes (a pooled copy), or undefined for a line too long. */
  bytes: Buffer | undefined;
  length: number;
  bytesRead: number;
  linesAhead: number;
  reply: Promise<ParseReply> | undefined;
}

/**
 * Reads samples as {@link readSampleBlocks} does (same chunks, blocks, line
 * numbers, invalid lines and errors, in the same order), parsing JSON Lines
 * on two threads. CSV is read on this thread. Breaking out of the loop ends
 * the worker.
 *
 * @param input - bytes, such as `openSampleBytes(path).chunks`
 * @param options - as {@link readSampleBlocks}'s
 * @throws SampleLineError at an invalid line (unless `skipInvalid`) or a line too long
 * @example
 * ```ts
 * for await (const { block } of readBlocksInParallel((await openSampleBytes('a.jsonl')).chunks)) trainer.learn(block);
 * ```
 */
export async function* readBlocksInParallel(
  input: AsyncIterable<Uint8Array | string>,
  options: ReadSamplesOptions = {},
): AsyncGenerator<SampleBlockChunk, void, undefined> {
  if (options.format === 'csv') return yield* readSampleBlocks(input, options);
  const parser = new SampleTextParser(options);
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const worker = new Worker(WORKER_URL);
  const waiting = new Map<number, (reply: ParseReply) => void>();
  let failure: Error | undefined;
  worker.on('message', (reply: ParseReply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const fail = (e: Error): void => {
    failure ??= e;
    for (const resolve of waiting.values()) resolve({ id: -1, buffer: new ArrayBuffer(0), done: false });
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the reader's worker thread ended early (exit code ${code})`)));

  const pool: Buffer[] = [];
  const runs = cutLineRuns(input, maxLine)[Symbol.asyncIterator]();
  const ahead: Run[] = [];
  let count = 0; // runs read so far
  let ended = false;
  let perLine = 40;
  /** Reads the next input chunk's lines into one pooled buffer (or a line too long), and sends two runs of three to the worker. */
  const readAhead = async (): Promise<void> => {
    let run: Run | undefined;
    for (;;) {
      const next = await runs.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      const r = next.value;
      if (r.kind === 'too-long') {
        ahead.push({ bytes: undefined, length: 0, bytesRead: 0, linesAhead: r.linesAhead, reply: undefined });
        ended = true;
        return;
      }
      if (run === undefined) {
        let bytes = pool.pop();
        if (bytes === undefined || bytes.length < r.chunkBytes) bytes = Buffer.allocUnsafeSlow(Math.max(r.chunkBytes, 1 << 20));
        run = { bytes, length: 0, bytesRead: 0, linesAhead: 0, reply: undefined };
      }
      r.bytes.copy(run.bytes!, run.length, r.start, r.end + 1);
      run.length += r.end + 1 - r.start;
      run.bytesRead = r.bytesRead;
      if (r.last) break;
    }
    if (run === undefined) return;
    const k = count++;
    if (k % 3 !== 0 && failure === undefined) {
      const buffer = run.bytes!.buffer as ArrayBuffer;
      const request: ParseRequest = { id: k, buffer, length: run.length, width: parser.width, capacity: Math.ceil(run.length / perLine) + 16 };
      run.reply = new Promise<ParseReply>((resolve) => waiting.set(k, resolve));
      run.bytes = undefined; // transferred: it comes back with the reply
      worker.postMessage(request, [buffer]);
    }
    ahead.push(run);
  };

  try {
    for (;;) {
      while (!ended && ahead.length < AHEAD) await readAhead();
      const run = ahead.shift();
      if (run === undefined) return;
      if (run.reply === undefined && run.bytes === undefined) throw lineTooLong(parser.line + 1 + run.linesAhead, maxLine);
      const linesBefore = parser.line;
      let chunk: SampleBlockChunk | undefined;
      if (run.reply !== undefined) {
        const reply = await run.reply;
        if (failure !== undefined) throw failure;
        run.bytes = Buffer.from(reply.buffer);
        if (reply.done) chunk = taken(parser, reply, run.bytesRead);
      }
      let error;
      if (chunk === undefined) {
        // This thread's run, or one the worker left: parsed here, in order, with the reader's state.
        const sink = newSink(Math.ceil(run.length / perLine) + 16);
        error = parser.parseBytes(run.bytes!, 0, run.length - 1, sink);
        chunk = chunkOf(sink, run.bytesRead);
      }
      if (parser.line > linesBefore) perLine = Math.max(8, run.length / (parser.line - linesBefore));
      pool.push(run.bytes!);
      yield chunk;
      if (error !== undefined) throw new SampleLineError(error);
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
    await runs.return?.();
  }
}

/** The worker's block, if it fits the file: its line numbers shifted by the lines before, the parser's state moved on. */
function taken(parser: SampleTextParser, reply: Extract<ParseReply, { done: true }>, bytesRead: number): SampleBlockChunk | undefined {
  if (reply.width >= 0 && parser.width >= 0 && reply.width !== parser.width) return undefined; // the reader words the error
  const shift = parser.line - 1; // the worker counted from line 1
  const { x, t, positions, samples, blockWidth } = reply;
  for (let i = 0; i < samples; i++) positions[i]! += shift;
  if (parser.width < 0 && reply.width >= 0) {
    parser.width = reply.width;
    parser.widthLine = reply.widthLine === undefined ? undefined : reply.widthLine + shift;
  }
  parser.line = reply.lines + shift;
  return { block: { width: blockWidth, length: samples, x, t, positions }, invalid: NO_ERRORS, bytesRead };
}


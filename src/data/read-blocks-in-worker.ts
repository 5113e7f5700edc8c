/**
 * Reading a sample file on a second thread: the file is parsed in a worker
 * while the caller (the `train` command) learns from the blocks already
 * parsed, so a machine with two cores does both at once.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SampleBlockChunk, ReadSamplesOptions } from './sample-lines.js';
import { SampleSourceError } from './sample-file.js';
import { SampleLineError } from './sample-validation.js';
import type { SampleParseError } from './sample-validation.js';

/** What the worker is given. */
export interface ReadBlocksWorkerData {
  readonly path: string;
  readonly options: ReadSamplesOptions;
  /** Chunks the worker may post before the main thread has taken them. */
  readonly window: number;
}

/** What the worker posts. */
export type WorkerMessage =
  | { readonly kind: 'open'; readonly size: number | undefined }
  | {
      readonly kind: 'chunk';
      readonly width: number;
      readonly length: number;
      readonly x: Float64Array;
      readonly t: Uint8Array;
      readonly positions: Float64Array;
      readonly invalid: readonly SampleParseError[];
      readonly bytesRead: number;
    }
  | { readonly kind: 'end' }
  | {
      readonly kind: 'error';
      readonly name: string;
      readonly message: string;
      readonly code?: string;
      readonly line?: number;
      readonly reason?: string;
      readonly path?: string;
      readonly stack?: string;
    };

/** A chunk of {@link readBlocksInWorker}, with the file's size (for progress). */
export interface WorkerBlockChunk extends SampleBlockChunk {
  /** The size in bytes of a regular file, else undefined. */
  readonly size: number | undefined;
}

/** Chunks (of about 1 MiB of input each) parsed ahead of the learner: enough to never wait, little memory. */
const WINDOW = 4;

const WORKER_URL = new URL('./read-blocks-worker.js', import.meta.url);

/**
 * Whether {@link readBlocksInWorker} can run here: the worker's compiled
 * module is present (it is in the package's `dist/`; not when the sources
 * run through a TypeScript loader, which a worker thread does not inherit).
 */
export function canReadInWorker(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Reads a sample file (not stdin) as {@link readSampleFile}'s block reader
 * does, parsing on a worker thread: the same blocks, line numbers, invalid
 * lines and errors, in the same order, with the same error classes
 * (`SampleSourceError`, `SampleLineError`). Breaking out of the loop ends the
 * worker.
 *
 * @param path - a file path
 * @param options - as {@link readSampleBlocks}'s
 * @throws SampleSourceError when the file cannot be opened; SampleLineError at an invalid line, unless `skipInvalid`
 * @example
 * ```ts
 * for await (const { block } of readBlocksInWorker('train.jsonl')) trainer.learn(block);
 * ```
 */
export async function* readBlocksInWorker(path: string, options: ReadSamplesOptions = {}): AsyncGenerator<WorkerBlockChunk, void, undefined> {
  const data: ReadBlocksWorkerData = { path, options, window: WINDOW };
  const worker = new Worker(WORKER_URL, { workerData: data });
  const inbox: WorkerMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    wake?.();
  });
  worker.on('error', (e: Error) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the reader thread ended (exit code ${code}) before the end of "${path}"`);
    wake?.();
  });
  let size: number | undefined;
  try {
    for (;;) {
      while (inbox.length === 0) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      const m = inbox.shift()!;
      if (m.kind === 'open') size = m.size;
      else if (m.kind === 'end') return;
      else if (m.kind === 'error') throw rebuild(m);
      else {
        worker.postMessage(0); // a credit: the worker may parse one more chunk
        const { width, length, x, t, positions, invalid, bytesRead } = m;
        yield { block: { width, length, x, t, positions }, invalid, bytesRead, size };
      }
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/** The worker's error as the class the reader would have thrown on this thread. */
function rebuild(m: Extract<WorkerMessage, { kind: 'error' }>): Error {
  let error: Error;
  if (m.name === 'SampleLineError' && m.line !== undefined && m.reason !== undefined) error = new SampleLineError({ line: m.line, reason: m.reason });
  else if (m.name === 'SampleSourceError' && m.path !== undefined) error = Object.assign(new SampleSourceError(m.path, ''), { message: m.message });
  else error = Object.assign(new Error(m.message), { name: m.name }, m.code === undefined ? {} : { code: m.code });
  if (m.stack !== undefined) error.stack = m.stack;
  return error;
}

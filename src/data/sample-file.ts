import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { readSampleChunks } from './sample-lines.js';
import type { ReadSamplesOptions, SampleChunk } from './sample-lines.js';
import { SampleLineError } from './sample-validation.js';

/** Read-ahead of sample files: big chunks keep the per-chunk overhead negligible. */
export const SAMPLE_CHUNK_BYTES = 1 << 20;

/**
 * A file or stdin that cannot be opened or read. The message names the path
 * and what went wrong, such as `cannot read "a.jsonl": no such file`.
 */
export class SampleSourceError extends Error {
  /** The path as given (`-` for stdin). */
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause: unknown }) {
    super(`cannot read ${path === '-' ? 'standard input' : `"${path}"`}: ${problem}`, options);
    this.name = 'SampleSourceError';
    this.path = path;
  }
}

/** An opened sample input. */
export interface SampleSource {
  /** The byte stream; read it once. */
  readonly readable: Readable;
  /** The path as given, `-` for stdin. */
  readonly path: string;
  /** The size in bytes for a regular file (for progress), else undefined. */
  readonly size: number | undefined;
}

/** Options of {@link openSampleFile}. */
export interface OpenSampleFileOptions {
  /** The stream read for `-` (default `process.stdin`). */
  readonly stdin?: Readable;
  /** Read-ahead in bytes (default {@link SAMPLE_CHUNK_BYTES}). */
  readonly highWaterMark?: number;
}

/**
 * Opens a sample file, or stdin for `-`, failing early with a clear error
 * (missing, unreadable, a directory) rather than at the first read.
 *
 * @param path - a file path, or `-` for stdin
 * @throws SampleSourceError naming the path and the problem
 * @example
 * ```ts
 * const { readable, size } = await openSampleFile('train.jsonl');
 * ```
 */
export async function openSampleFile(path: string, options: OpenSampleFileOptions = {}): Promise<SampleSource> {
  if (path === '-') return { readable: options.stdin ?? process.stdin, path, size: undefined };
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new SampleSourceError(path, describeFsError(e), { cause: e });
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new SampleSourceError(path, 'it is a directory');
    const highWaterMark = options.highWaterMark ?? SAMPLE_CHUNK_BYTES;
    const readable = handle.createReadStream({ highWaterMark });
    return { readable, path, size: stats.isFile() ? stats.size : undefined };
  } catch (e) {
    await handle.close();
    throw e instanceof SampleSourceError ? e : new SampleSourceError(path, describeFsError(e), { cause: e });
  }
}

/**
 * Reads the samples of a file (or stdin for `-`) chunk by chunk; see
 * {@link readSampleChunks}. Read errors are reported with the path.
 *
 * @param path - a file path, or `-` for stdin
 * @param options - format (default `'jsonl'`), skipInvalid (default false), width, stdin, highWaterMark
 * @throws SampleSourceError when the file cannot be opened or read; SampleLineError at an invalid line
 * @example
 * ```ts
 * for await (const chunk of readSampleFile('train.csv', { format: 'csv' })) total += chunk.samples.length;
 * ```
 */
export async function* readSampleFile(
  path: string,
  options: ReadSamplesOptions & OpenSampleFileOptions = {},
): AsyncGenerator<SampleChunk, void, undefined> {
  const { readable } = await openSampleFile(path, options);
  try {
    yield* readSampleChunks(readable, options);
  } catch (e) {
    if (e instanceof SampleLineError || e instanceof SampleSourceError) throw e;
    throw new SampleSourceError(path, describeFsError(e), { cause: e });
  }
}

/**
 * A short description of a file-system error: `no such file`, `permission
 * denied`, `it is a directory`, or the error's own message.
 *
 * @example
 * ```ts
 * describeFsError(Object.assign(new Error('x'), { code: 'ENOENT' })); // 'no such file'
 * ```
 */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
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

/** An opened sample file read into reused buffers: see {@link openSampleBytes}. */
export interface SampleBytes {
  /** The file's bytes, chunk by chunk; each chunk is valid only until the next is asked for. */
  readonly chunks: AsyncIterable<Buffer>;
  /** The size in bytes for a regular file (for progress), else undefined. */
  readonly size: number | undefined;
}

/**
 * Opens a sample file as {@link openSampleFile} does (same checks, same
 * errors), for a reader that copies what it keeps of each chunk, such as
 * {@link readSampleBlocks}: the file is read into two buffers used in turn
 * (the next chunk is read while the caller parses this one), so reading
 * allocates nothing per chunk. The file is closed at its end, or when the
 * caller stops early.
 *
 * @param path - a file path (not `-`)
 * @param chunkBytes - bytes a chunk (default {@link SAMPLE_CHUNK_BYTES})
 * @throws SampleSourceError naming the path and the problem, at opening or at a read
 * @example
 * ```ts
 * const { chunks } = await openSampleBytes('train.jsonl');
 * for await (const chunk of readSampleBlocks(chunks)) trainer.learn(chunk.block);
 * ```
 */
export async function openSampleBytes(path: string, chunkBytes = SAMPLE_CHUNK_BYTES): Promise<SampleBytes> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new SampleSourceError(path, describeFsError(e), { cause: e });
  }
  let size: number | undefined;
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new SampleSourceError(path, 'it is a directory');
    size = stats.isFile() ? stats.size : undefined;
  } catch (e) {
    await handle.close();
    throw e instanceof SampleSourceError ? e : new SampleSourceError(path, describeFsError(e), { cause: e });
  }
  const file = handle;
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    const read = (k: number): Promise<number> =>
      file.read(buffers[k & 1]!, 0, chunkBytes, null).then(
        (r) => r.bytesRead,
        (e: unknown) => Promise.reject(new SampleSourceError(path, describeFsError(e), { cause: e })),
      );
    let next = read(0);
    try {
      for (let k = 0; ; k++) {
        const n = await next;
        if (n === 0) return;
        next = read(k + 1); // the other buffer, while the caller parses this one
        next.catch(() => undefined); // handled: its error is thrown when it is awaited
        yield buffers[k & 1]!.subarray(0, n);
      }
    } finally {
      await next.catch(() => 0); // never close under a read in flight
      await file.close();
    }
  }
  return { chunks: chunks(), size };
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

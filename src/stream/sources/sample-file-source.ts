import { Observable } from 'rxjs';
import type { Observer } from 'rxjs';
import type { Readable } from 'node:stream';
import { blockToSamples, sliceBlock } from '../../core/index.js';
import type { Sample, SampleBlock } from '../../core/index.js';
import { describeFsError, openSampleFile, SampleSourceError } from '../../data/sample-file.js';
import type { OpenSampleFileOptions } from '../../data/sample-file.js';
import { readSampleBlocks } from '../../data/sample-lines.js';
import type { ReadSamplesOptions, SampleBlockChunk } from '../../data/sample-lines.js';
import { SampleLineError } from '../../data/sample-validation.js';
import type { Rejection } from '../rejection.js';

/**
 * Options of {@link fromSampleFile} and {@link fromSampleReadable}.
 *
 * @example
 * ```ts
 * const options: SampleReadOptions = { format: 'csv', width: 2, rejected: (r) => console.warn(r.reason) };
 * ```
 */
export interface SampleReadOptions extends Omit<ReadSamplesOptions, 'skipInvalid'> {
  /**
   * Where invalid lines go, as rejections (`index` = line number − 1, the
   * reason starts with `line N:`); they are skipped and reading goes on.
   * Default: the first invalid line ends the Observable with a `SampleLineError`.
   */
  rejected?: Partial<Observer<Rejection>> | ((rejection: Rejection) => void);
  /** A name put in every rejection's `source` (default: the path, or `'readable'`). */
  source?: string;
  /**
   * Emit {@link SampleBlock}s (default true: one per chunk of input, or per
   * run of valid lines between invalid ones, `positions` holding the line
   * numbers) or, with `false`, one `Sample` per `next`.
   */
  blocks?: boolean;
}

/**
 * Samples of a JSON Lines or CSV file (or standard input for `-`) as an
 * Observable of {@link SampleBlock}s (or of samples, with `blocks: false`),
 * parsed by the same streaming reader as the `train` command. Rejections
 * and rows come out in line order. Unsubscribing stops reading and closes
 * the file. Each subscription reads the file again.
 *
 * @param path - a file path, or `-` for standard input
 * @param options - `format` (default `'jsonl'`), `width` (default: from the first sample), `rejected`, `source`, `blocks` (default true), `stdin`, `highWaterMark`
 * @example
 * ```ts
 * fromSampleFile('train.csv', { format: 'csv', width: 2 }).pipe(learnEach(trainer)).subscribe();
 * ```
 */
export function fromSampleFile(path: string, options: SampleReadOptions & OpenSampleFileOptions & { blocks: false }): Observable<Sample>;
export function fromSampleFile(path: string, options?: SampleReadOptions & OpenSampleFileOptions & { blocks?: true }): Observable<SampleBlock>;
export function fromSampleFile(path: string, options?: SampleReadOptions & OpenSampleFileOptions): Observable<Sample | SampleBlock>;
export function fromSampleFile(path: string, options: SampleReadOptions & OpenSampleFileOptions = {}): Observable<Sample | SampleBlock> {
  const describe = (err: unknown): unknown =>
    err instanceof SampleLineError || err instanceof SampleSourceError ? err : new SampleSourceError(path, describeFsError(err), { cause: err });
  return fromOpened(async () => (await openSampleFile(path, options)).readable, options, options.source ?? path, describe);
}

/**
 * Samples read from a byte stream (a socket, `process.stdin`, a child's
 * output) as an Observable of {@link SampleBlock}s (or of samples, with
 * `blocks: false`), with the `train` command's parser. Unsubscribing
 * destroys the stream, as breaking out of the reader's loop does; subscribe
 * once.
 *
 * @param readable - the byte stream
 * @param options - `format` (default `'jsonl'`), `width`, `rejected`, `source`, `blocks` (default true)
 * @example
 * ```ts
 * learner.learnFrom(fromSampleReadable(socket, { width: 2 }));
 * ```
 */
export function fromSampleReadable(readable: Readable, options: SampleReadOptions & { blocks: false }): Observable<Sample>;
export function fromSampleReadable(readable: Readable, options?: SampleReadOptions & { blocks?: true }): Observable<SampleBlock>;
export function fromSampleReadable(readable: Readable, options?: SampleReadOptions): Observable<Sample | SampleBlock>;
export function fromSampleReadable(readable: Readable, options: SampleReadOptions = {}): Observable<Sample | SampleBlock> {
  return fromOpened(() => Promise.resolve(readable), options, options.source ?? 'readable', (err) => err);
}

function fromOpened(
  open: () => Promise<Readable>,
  options: SampleReadOptions,
  name: string,
  describe: (err: unknown) => unknown,
): Observable<Sample | SampleBlock> {
  const { rejected, source: _source, blocks = true, ...read } = options;
  const report = typeof rejected === 'function' ? rejected : (r: Rejection) => rejected?.next?.(r);
  return new Observable<Sample | SampleBlock>((subscriber) => {
    let readable: Readable | undefined;
    let stopped = false;
    const rows = (block: SampleBlock, start: number, end: number): void => {
      if (end <= start) return;
      if (blocks) subscriber.next(start === 0 && end === block.length ? block : sliceBlock(block, start, end));
      else for (const sample of blockToSamples(sliceBlock(block, start, end))) if (!subscriber.closed) subscriber.next(sample);
    };
    // The rows between two invalid lines leave as one block, so rows and rejections keep line order.
    const emit = (chunk: SampleBlockChunk): void => {
      const { block, invalid } = chunk;
      const lines = block.positions;
      let r = 0;
      for (const bad of invalid) {
        let end = r;
        while (end < block.length && lines[end]! < bad.line) end++;
        rows(block, r, end);
        r = end;
        if (subscriber.closed) return;
        reject(bad);
      }
      if (!subscriber.closed) rows(block, r, block.length);
    };
    const reject = ({ line, reason }: { line: number; reason: string }): void =>
      report({ input: undefined, index: line - 1, reason: `line ${line}: ${reason}`, source: name });
    (async () => {
      readable = await open();
      if (stopped) return void readable.destroy();
      for await (const chunk of readSampleBlocks(readable, { ...read, skipInvalid: rejected !== undefined })) {
        if (stopped) return;
        emit(chunk);
      }
      subscriber.complete();
    })().catch((err: unknown) => {
      if (!stopped) subscriber.error(describe(err));
    });
    return () => {
      stopped = true;
      readable?.destroy();
    };
  });
}

import { Observable } from 'rxjs';
import type { Observer } from 'rxjs';
import type { Readable } from 'node:stream';
import type { Sample } from '../../core/index.js';
import { describeFsError, openSampleFile, SampleSourceError } from '../../data/sample-file.js';
import type { OpenSampleFileOptions } from '../../data/sample-file.js';
import { readSampleChunks } from '../../data/sample-lines.js';
import type { ReadSamplesOptions, SampleChunk } from '../../data/sample-lines.js';
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
}

/**
 * Samples of a JSON Lines or CSV file (or standard input for `-`) as an
 * Observable, parsed by the same streaming reader as the `train` command.
 * Unsubscribing stops reading and closes the file. Each subscription reads
 * the file again.
 *
 * @param path - a file path, or `-` for standard input
 * @param options - `format` (default `'jsonl'`), `width` (default: from the first sample), `rejected`, `source`, `stdin`, `highWaterMark`
 * @example
 * ```ts
 * fromSampleFile('train.csv', { format: 'csv', width: 2 }).pipe(learnEach(trainer)).subscribe();
 * ```
 */
export function fromSampleFile(path: string, options: SampleReadOptions & OpenSampleFileOptions = {}): Observable<Sample> {
  const describe = (err: unknown): unknown =>
    err instanceof SampleLineError || err instanceof SampleSourceError ? err : new SampleSourceError(path, describeFsError(err), { cause: err });
  return fromOpened(async () => (await openSampleFile(path, options)).readable, options, options.source ?? path, describe);
}

/**
 * Samples read from a byte stream (a socket, `process.stdin`, a child's
 * output) as an Observable, with the `train` command's parser. Unsubscribing
 * destroys the stream, as breaking out of the reader's loop does; subscribe
 * once.
 *
 * @param readable - the byte stream
 * @param options - `format` (default `'jsonl'`), `width`, `rejected`, `source`
 * @example
 * ```ts
 * learner.learnFrom(fromSampleReadable(socket, { width: 2 }));
 * ```
 */
export function fromSampleReadable(readable: Readable, options: SampleReadOptions = {}): Observable<Sample> {
  return fromOpened(() => Promise.resolve(readable), options, options.source ?? 'readable', (err) => err);
}

function fromOpened(
  open: () => Promise<Readable>,
  options: SampleReadOptions,
  name: string,
  describe: (err: unknown) => unknown,
): Observable<Sample> {
  const { rejected, source: _source, ...read } = options;
  const report = typeof rejected === 'function' ? rejected : (r: Rejection) => rejected?.next?.(r);
  return new Observable<Sample>((subscriber) => {
    let readable: Readable | undefined;
    let stopped = false;
    const emit = (chunk: SampleChunk): void => {
      const { samples, lines, invalid } = chunk;
      let j = 0;
      for (let i = 0; i < samples.length && !subscriber.closed; i++) {
        for (; j < invalid.length && invalid[j]!.line < lines[i]!; j++) reject(invalid[j]!);
        subscriber.next(samples[i]!);
      }
      for (; j < invalid.length && !subscriber.closed; j++) reject(invalid[j]!);
    };
    const reject = ({ line, reason }: { line: number; reason: string }): void =>
      report({ input: undefined, index: line - 1, reason: `line ${line}: ${reason}`, source: name });
    (async () => {
      readable = await open();
      if (stopped) return void readable.destroy();
      for await (const chunk of readSampleChunks(readable, { ...read, skipInvalid: rejected !== undefined })) {
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

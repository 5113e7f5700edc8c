/**
 * Where `rxlogit serve`'s learner gets its samples: a JSON Lines file or
 * stdin (paced, invalid lines reported and skipped) or the seeded generator.
 *
 * @module
 */
import type { Readable } from 'node:stream';
import type { Observable, Subject } from 'rxjs';
import type { Sample, SampleBlock } from '../core/index.js';
import { openSampleFile } from '../data/sample-file.js';
import { readSampleChunks } from '../data/sample-lines.js';
import type { SampleChunk } from '../data/sample-lines.js';
import { fromAsyncSamples } from '../stream/sources/from-async-samples.js';
import { gaussianSamples } from '../stream/sources/gaussian-samples.js';
import type { ServeConfig } from './serve-options.js';

/** Opens the file or stdin before the server starts, so a missing file fails at once. */
export async function openSource(c: ServeConfig, stdin: Readable): Promise<AsyncGenerator<SampleChunk, void, undefined> | undefined> {
  if (c.source !== 'jsonl' && c.source !== 'stdin') return undefined;
  const path = c.source === 'stdin' ? '-' : c.input!;
  const { readable } = await openSampleFile(path, { stdin });
  return readSampleChunks(readable, { format: 'jsonl', skipInvalid: true, width: c.inputs });
}

/** The seeded generator, drifting, at its rate. */
export function generatorSamples(c: ServeConfig): Observable<SampleBlock> {
  const drift = c.driftPeriod > 0 ? { drift: { period: c.driftPeriod } } : {};
  return gaussianSamples({ seed: c.seed, order: 'shuffled', ...drift, ...(c.rate === undefined ? {} : { rate: c.rate }) });
}

/**
 * A file's (or stdin's) samples as batches of at most 1,000, at `rate`
 * samples per second or as fast as read, pulled from the reader (so the file
 * is never read ahead of the learner). Invalid lines are reported and skipped.
 */
export function pacedBatches(chunks: AsyncGenerator<SampleChunk, void, undefined>, rate: number | undefined, rejected: Subject<unknown>): Observable<Sample[]> {
  async function* batches(): AsyncGenerator<Sample[], void, undefined> {
    const start = performance.now();
    let sent = 0;
    for await (const chunk of chunks) {
      for (const invalid of chunk.invalid) rejected.next(invalid);
      const samples = chunk.samples;
      for (let i = 0; i < samples.length; ) {
        let take = 1000;
        if (rate !== undefined) {
          const due = Math.floor(((performance.now() - start) * rate) / 1000);
          if (due - sent > rate) sent = due - Math.ceil(rate); // after a stall, skip ahead rather than burst
          take = Math.min(take, due - sent);
          if (take <= 0) {
            await sleep(Math.max(16, 1000 / rate));
            continue;
          }
        }
        const batch = samples.slice(i, i + take);
        i += batch.length;
        sent += batch.length;
        yield batch;
        if (rate === undefined) await new Promise((resolve) => setImmediate(resolve)); // let the server breathe
      }
    }
  }
  return fromAsyncSamples(batches());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

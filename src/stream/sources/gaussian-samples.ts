import { asyncScheduler, Observable } from 'rxjs';
import type { SchedulerAction, SchedulerLike, Subscriber } from 'rxjs';
import { SampleBlockBuilder } from '../../core/index.js';
import type { Sample, SampleBlock } from '../../core/index.js';
import { gaussianClassStream } from '../../data/gaussian-classes.js';
import type { GaussianClassesOptions } from '../../data/gaussian-classes-options.js';

/**
 * Options of {@link gaussianSamples}: the generator's, plus how fast to emit.
 *
 * @example
 * ```ts
 * const options: GaussianSamplesOptions = { seed: 7, rate: 500, drift: { period: 5000 } };
 * ```
 */
export interface GaussianSamplesOptions extends GaussianClassesOptions {
  /** Samples per second on `scheduler` (default: as fast as the subscriber takes them). */
  rate?: number;
  /** Clock of `rate` (default `asyncScheduler`; a `TestScheduler` in tests). */
  scheduler?: SchedulerLike;
  /** With `rate`: ms between ticks, each emitting the samples due by then (default max(1000 / rate, 16)). */
  tickMs?: number;
  /** Without `rate`: longest synchronous run before yielding to the event loop, in ms (default 10). */
  maxBlockMs?: number;
  /** Emit {@link SampleBlock}s (default true) or, with `false`, one `Sample` per `next`. */
  blocks?: boolean;
  /** Without `rate`: rows per block (default 1024), an integer ≥ 1. */
  blockSize?: number;
}

/**
 * The seeded two-class Gaussian generator as an Observable: finite with
 * `count` or `perClass`, else endless; class means rotate with `drift`.
 * Every subscription replays the same samples from the seed.
 *
 * It emits {@link SampleBlock}s by default (`blockSize` rows each; with
 * `rate`, one block per tick), the stream's cheap unit that every operator
 * and `OnlineLearner.learnFrom` take; `blocks: false` emits one `Sample` per
 * `next` instead, in the same order. Blocks are fresh: a subscriber may keep them.
 *
 * Without `rate`, samples come as fast as the subscriber takes them, in
 * synchronous runs of at most `maxBlockMs`, each followed by a `setImmediate`
 * so that timers, I/O and signals still get their turn on an endless stream
 * (a source that fits in one run completes synchronously). With `rate`,
 * samples come in ticks on `scheduler`; a tick after a stall emits at most
 * one second's worth, the rest of the backlog is skipped (not replayed).
 *
 * @param options - generator options (`seed` required; see `gaussianClassStream`), `rate`, `scheduler`, `tickMs`, `maxBlockMs`, `blocks` (default true), `blockSize` (default 1024)
 * @throws RangeError naming a bad option
 * @example
 * ```ts
 * gaussianSamples({ seed: 42, count: 1000 }).subscribe((block) => console.log(block.length)); // 1000
 * gaussianSamples({ seed: 42, count: 1000, blocks: false }).subscribe((s) => console.log(s.x, s.t));
 * gaussianSamples({ seed: 42, rate: 200, drift: { period: 2000 } }).pipe(learnEach(trainer)); // endless, 200/s
 * ```
 */
export function gaussianSamples(options: GaussianSamplesOptions & { blocks: false }): Observable<Sample>;
export function gaussianSamples(options: GaussianSamplesOptions & { blocks?: true }): Observable<SampleBlock>;
export function gaussianSamples(options: GaussianSamplesOptions): Observable<Sample | SampleBlock>;
export function gaussianSamples(options: GaussianSamplesOptions): Observable<Sample | SampleBlock> {
  const { rate, scheduler = asyncScheduler, tickMs, maxBlockMs = 10, blocks = true, blockSize = 1024, ...generator } = options;
  const stream = gaussianClassStream(generator);
  const size = stream.size; // Infinity when endless
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) throw new RangeError(`rate must be a finite number of samples per second > 0, got ${String(rate)}`);
  if (tickMs !== undefined && (!Number.isFinite(tickMs) || tickMs <= 0)) throw new RangeError(`tickMs must be a finite number > 0, got ${String(tickMs)}`);
  if (!Number.isFinite(maxBlockMs) || maxBlockMs <= 0) throw new RangeError(`maxBlockMs must be a finite number > 0, got ${String(maxBlockMs)}`);
  if (!Number.isInteger(blockSize) || blockSize < 1) throw new RangeError(`blockSize must be an integer ≥ 1, got ${String(blockSize)}`);
  // Each subscription replays the stream: a fresh iterator, and a sink that packs rows into blocks or passes samples on.
  const open = (subscriber: Subscriber<Sample | SampleBlock>): Sink => {
    const it = stream[Symbol.iterator]();
    if (!blocks) {
      return {
        add: () => subscriber.next(it.next().value as Sample),
        end: () => undefined,
      };
    }
    let builder: SampleBlockBuilder | undefined;
    let rows = 0;
    const end = (): void => {
      if (builder === undefined) return;
      const { width, length, x, t } = builder.build();
      builder = undefined;
      rows = 0;
      subscriber.next({ width, length, x, t });
    };
    return {
      add: () => {
        const sample = it.next().value as Sample;
        builder ??= new SampleBlockBuilder(rate === undefined ? blockSize : 64);
        builder.add(sample.x, sample.t, 0);
        if (++rows === blockSize) end();
      },
      end,
    };
  };
  if (rate === undefined) {
    return new Observable<Sample | SampleBlock>((subscriber) => {
      const out = open(subscriber);
      let pending: NodeJS.Immediate | undefined;
      let n = 0;
      const run = (): void => {
        pending = undefined;
        const start = performance.now();
        for (let k = 1; !subscriber.closed; k++) {
          if (n === size) {
            out.end();
            return subscriber.complete();
          }
          n++;
          out.add();
          if ((k & 255) === 0 && performance.now() - start >= maxBlockMs) {
            out.end(); // a run's rows leave before the event loop gets its turn
            if (!subscriber.closed) pending = setImmediate(run);
            return;
          }
        }
      };
      run();
      return () => {
        if (pending !== undefined) clearImmediate(pending);
        pending = undefined;
      };
    });
  }
  const every = tickMs ?? Math.max(1000 / rate, 16);
  return new Observable<Sample | SampleBlock>((subscriber) => {
    const out = open(subscriber);
    const start = scheduler.now();
    let emitted = 0;
    let n = 0;
    return scheduler.schedule(function tick(this: SchedulerAction<unknown>) {
      const due = Math.floor(((scheduler.now() - start) * rate) / 1000);
      const owed = Math.min(due - emitted, Math.ceil(rate));
      emitted = due;
      for (let k = 0; k < owed && !subscriber.closed; k++) {
        n++;
        out.add();
        if (n === size) {
          out.end();
          return subscriber.complete();
        }
      }
      out.end(); // one block per tick
      if (!subscriber.closed) this.schedule(undefined, every);
    }, every);
  });
}

/** Where a subscription's samples go: one by one, or packed into blocks. */
interface Sink {
  /** Takes the next sample of the stream. */
  add(): void;
  /** Lets out the rows packed so far (a block), if any. */
  end(): void;
}

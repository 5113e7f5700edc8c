import { asyncScheduler } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { isSampleBlock, sampleAt } from '../../core/index.js';
import type { Sample, TrainerInput } from '../../core/index.js';
import { operate } from './operate.js';

/**
 * Options of {@link batchByTime}.
 *
 * @example
 * ```ts
 * const options: BatchByTimeOptions = { maxSize: 256 };
 * ```
 */
export interface BatchByTimeOptions {
  /** Emit a batch early once it holds this many samples (default: no limit). */
  maxSize?: number;
  /** Clock of the windows (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
}

/**
 * Groups samples into mini-batches by time (as `bufferTime`, with a maximum
 * size): a window opens at the first sample after the previous batch and
 * closes `windowMs` later, or as soon as it holds `maxSize` samples. No
 * window is open while no sample waits, so an idle stream emits no empty
 * batches and keeps no timer. The partial batch is emitted when the source
 * completes or fails (before the error). Arrays from the source (chunks) and
 * {@link SampleBlock}s are unrolled into the batches (a block's rows become
 * samples: time windows suit slow streams, where an object per sample costs
 * nothing that matters).
 *
 * @param windowMs - how long a window stays open, > 0
 * @param options - `maxSize` (default none), `scheduler` (default `asyncScheduler`)
 * @throws RangeError for a bad `windowMs` or `maxSize`
 * @example
 * ```ts
 * samples$.pipe(batchByTime(100, { maxSize: 256 }), learnBatches(trainer));
 * ```
 */
export function batchByTime(windowMs: number, options: BatchByTimeOptions = {}): OperatorFunction<TrainerInput, Sample[]> {
  const { maxSize = Infinity, scheduler = asyncScheduler } = options;
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`batch window must be a finite number of ms > 0, got ${String(windowMs)}`);
  if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < 1)) {
    throw new RangeError(`maxSize must be an integer ≥ 1, got ${String(maxSize)}`);
  }
  return operate<TrainerInput, Sample[]>((subscriber) => {
    let batch: Sample[] = [];
    let timer: Subscription | null = null;
    const emit = (): void => {
      timer?.unsubscribe();
      timer = null;
      if (batch.length === 0) return;
      const out = batch;
      batch = [];
      subscriber.next(out);
    };
    const add = (sample: Sample): void => {
      batch.push(sample);
      if (batch.length >= maxSize) emit();
      else if (timer === null) timer = scheduler.schedule(emit, windowMs);
    };
    return {
      next: (value) => {
        if (isSampleBlock(value)) for (let r = 0; r < value.length && !subscriber.closed; r++) add(sampleAt(value, r));
        else if (!Array.isArray(value)) add(value as Sample);
        else for (let i = 0; i < value.length && !subscriber.closed; i++) add((value as readonly Sample[])[i]!);
      },
      flush: emit,
      teardown: () => {
        timer?.unsubscribe();
        timer = null;
        batch = [];
      },
    };
  });
}

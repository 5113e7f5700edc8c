import { map, pipe } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { TrainerInput } from '../../core/index.js';
import type { Metrics } from '../../core/metrics/index.js';
import type { EmitEvery } from '../emission-throttle.js';
import type { Trainer, TrainerConfig } from '../../core/index.js';
import { batchByCount } from './batch-by-count.js';
import { learnBatches } from './learn-batches.js';
import { learnEach } from './learn-each.js';
import type { LearnOptions } from './learn-each.js';

/**
 * Options of {@link progressiveValidation}.
 *
 * @example
 * ```ts
 * const options: ProgressiveValidationOptions = { every: 1000, batchSize: 32 };
 * ```
 */
export interface ProgressiveValidationOptions extends LearnOptions {
  /** Report every this many samples (default 1); a shorthand for `emitEvery: { samples }`. */
  every?: number;
  /** Learn per mini-batch of this size instead of per sample (default: per sample). */
  batchSize?: number;
}

/**
 * Progressive validation (test-then-train), as River's
 * `progressive_val_score` and Vowpal Wabbit's progress table: every sample is
 * scored by the model before the model learns from it, and the running
 * scores — cumulative and rolling log loss and accuracy — are emitted every
 * `every` samples and once more at the end.
 *
 * @param target - a shared `Trainer`, or the options of a new one per subscription
 * @param options - `every` (default 1), `batchSize` (default: per sample), `emitEvery`, `scheduler`
 * @example
 * ```ts
 * gaussianSamples({ seed: 7, count: 5000 })
 *   .pipe(progressiveValidation({ inputs: 2 }, { every: 1000 }))
 *   .subscribe((m) => console.log(m.n, m.logLoss.toFixed(4), m.accuracy.toFixed(3)));
 * ```
 */
export function progressiveValidation(
  target: Trainer | TrainerConfig,
  options: ProgressiveValidationOptions = {},
): OperatorFunction<TrainerInput, Metrics> {
  const { every, batchSize, ...learnOptions } = options;
  const emitEvery: EmitEvery | undefined = every === undefined ? learnOptions.emitEvery : { ...learnOptions.emitEvery, samples: every };
  const learn = { ...learnOptions, ...(emitEvery === undefined ? {} : { emitEvery }) };
  const toMetrics = map((step: { metrics: Metrics }) => step.metrics);
  return batchSize === undefined
    ? pipe(learnEach(target, learn), toMetrics)
    : pipe(batchByCount(batchSize), learnBatches(target, learn), toMetrics);
}

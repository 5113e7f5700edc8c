import type { SchedulerLike } from 'rxjs';
import { z } from 'zod';
import { describeIssues, TrainerConfigSchema } from '../core/index.js';
import type { TrainerConfig } from '../core/index.js';
import type { EmitEvery } from './emission-throttle.js';

/**
 * Where and when an `OnlineLearner` saves checkpoints.
 *
 * @example
 * ```ts
 * const checkpoint: CheckpointConfig = { path: 'learner.ckpt.json', everySamples: 10_000, everyMs: 30_000, onSignals: true };
 * ```
 */
export interface CheckpointConfig {
  /** The checkpoint file; a learner started with the same path resumes from it. */
  path: string;
  /** Save after this many more samples (default: not by count). */
  everySamples?: number;
  /** Save every this many ms (default: not by time). */
  everyMs?: number;
  /** Save on SIGINT/SIGTERM, then let the signal end the process (default false). */
  onSignals?: boolean;
}

/**
 * Configuration of an `OnlineLearner`: the core's {@link TrainerConfig}
 * (whose defaults, in `TRAINER_DEFAULTS`, it shares with every other entry
 * point) plus what a stream needs; only `inputs` is required.
 *
 * @example
 * ```ts
 * const config: LearnerConfig = { inputs: 2, mode: 'minibatch', batchSize: 64, emitEvery: { ms: 100 } };
 * ```
 */
export interface LearnerConfig extends TrainerConfig {
  /** One step per sample, or per mini-batch (default `'sample'`); a stream has no full batch. */
  mode?: 'sample' | 'minibatch';
  /** Mini-batches by time window of this many ms instead of by count (`batchSize` is then the largest batch). */
  batchWindowMs?: number;
  /** Step emission throttle (default: every sample or batch); the latest step wins. */
  emitEvery?: EmitEvery;
  /** Recent samples kept for views (default 500). */
  recentSamples?: number;
  /** Periodic and final checkpoints (default none). */
  checkpoint?: CheckpointConfig;
  /** Clock of the emission throttle, time windows and `Step.time` (default `asyncScheduler`). Not saved. */
  scheduler?: SchedulerLike;
}

const finitePositive = z.number().positive();

/**
 * The schema of a {@link LearnerConfig} as JSON (without `scheduler`): the
 * core's `TrainerConfigSchema` extended, for configurations read from files,
 * flags or messages, and saved in checkpoints.
 *
 * @example
 * ```ts
 * LearnerConfigSchema.parse({ inputs: 2, mode: 'minibatch', batchSize: 64 });
 * ```
 */
export const LearnerConfigSchema = TrainerConfigSchema.extend({
  mode: z.enum(['sample', 'minibatch']).optional(),
  batchWindowMs: finitePositive.optional(),
  emitEvery: z.strictObject({ samples: z.int().min(1).optional(), ms: finitePositive.optional(), heartbeatMs: finitePositive.optional() }).optional(),
  recentSamples: z.int().min(0).optional(),
  checkpoint: z
    .strictObject({
      path: z.string().min(1),
      everySamples: z.int().min(1).optional(),
      everyMs: finitePositive.optional(),
      onSignals: z.boolean().optional(),
    })
    .optional(),
});

/**
 * Checks a learner configuration, naming every bad field.
 *
 * @returns the configuration, unchanged
 * @throws RangeError such as `learner config: batchSize: Too small: expected int to be >=1`
 * @example
 * ```ts
 * checkLearnerConfig({ inputs: 0 }); // throws RangeError: learner config: inputs: Too small: ...
 * ```
 */
export function checkLearnerConfig(config: LearnerConfig): LearnerConfig {
  const { scheduler, ...json } = config;
  const result = LearnerConfigSchema.safeParse(json);
  if (!result.success) {
    throw new RangeError(`learner config: ${describeIssues(result.error.issues)}`);
  }
  if (config.init !== undefined && config.init.length !== config.inputs) {
    throw new RangeError(`learner config: init has ${config.init.length} weights, expected ${config.inputs} (inputs)`);
  }
  if (scheduler !== undefined && typeof scheduler.schedule !== 'function') throw new RangeError('learner config: scheduler must be an RxJS scheduler');
  return config;
}

/**
 * The JSON part of a configuration (no scheduler), as saved in checkpoints.
 *
 * @example
 * ```ts
 * learnerConfigToJson({ inputs: 2, scheduler: asyncScheduler }); // { inputs: 2 }
 * ```
 */
export function learnerConfigToJson(config: LearnerConfig): Record<string, unknown> {
  const { scheduler: _scheduler, ...json } = config;
  return JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
}

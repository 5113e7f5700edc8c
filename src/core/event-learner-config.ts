import { z } from 'zod';
import type { LearningRateSchedule } from './learning-rate-schedule.js';
import type { OptimizerConfig } from './optim/optimizer.js';
import { TRAINER_DEFAULTS } from './trainer-config.js';
import { describeIssues, TrainerConfigSchema } from './trainer-config-schema.js';

/**
 * The options of an event learner (`EventLearner`, `EventStreamLearner`):
 * the learning options shared with every other learner (`bias`, `schedule`,
 * `l2`, `rollingWindow`, from the one configuration in `trainer-config.ts`)
 * and the event-specific ones. Every one has a default ({@link EVENT_LEARNER_DEFAULTS}).
 */
export interface EventLearnerOptions {
  /** Learn a bias. */
  bias?: boolean;
  /** The base learning rate μₖ (FTRL's α: must be constant). */
  schedule?: LearningRateSchedule;
  /** L2 strength λ. */
  l2?: number;
  /** Predictions in the rolling scores. */
  rollingWindow?: number;
  /** Hashed categories go into 2^bits buckets. */
  bits?: number;
  /** At most this many distinct named numbers. */
  maxNumeric?: number;
  /** Standardise named numbers online (River's StandardScaler). */
  standardize?: boolean;
  /** `sgd` (the delta rule), `adagrad` or `ftrl`. */
  optimizer?: OptimizerConfig;
  /** Bins of the calibration table. */
  calibrationBins?: number;
  /** At most this many served predictions wait for their labels (the oldest is evicted). */
  maxPending?: number;
  /** A served prediction waits at most this many ms for its label. */
  ttlMs?: number;
}

/**
 * The defaults of {@link EventLearnerOptions}, stated once: the shared
 * learning options are {@link TRAINER_DEFAULTS}' (bias on, constant lr 0.05,
 * no L2, a window of 500), the rest are the event learner's own.
 *
 * @example
 * ```ts
 * EVENT_LEARNER_DEFAULTS.schedule === TRAINER_DEFAULTS.schedule; // true
 * EVENT_LEARNER_DEFAULTS.bits; // 18
 * ```
 */
export const EVENT_LEARNER_DEFAULTS = Object.freeze({
  bias: TRAINER_DEFAULTS.bias,
  schedule: TRAINER_DEFAULTS.schedule,
  l2: TRAINER_DEFAULTS.l2,
  rollingWindow: TRAINER_DEFAULTS.rollingWindow,
  bits: 18,
  maxNumeric: 1024,
  standardize: true,
  optimizer: Object.freeze({ kind: 'sgd' }) as OptimizerConfig,
  calibrationBins: 10,
  maxPending: 100_000,
  ttlMs: 86_400_000,
}) satisfies Required<EventLearnerOptions>;

/** The schema of an optimizer's configuration as JSON. */
export const OptimizerConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sgd') }),
  z.strictObject({ kind: z.literal('adagrad'), epsilon: z.number().positive().optional() }),
  z.strictObject({ kind: z.literal('ftrl'), beta: z.number().min(0).optional(), l1: z.number().min(0).optional() }),
]);

/**
 * The schema of {@link EventLearnerOptions} as JSON (checkpoints, config):
 * the shared fields are {@link TrainerConfigSchema}'s own.
 *
 * @example
 * ```ts
 * EventLearnerConfigSchema.parse({ bits: 20, optimizer: { kind: 'ftrl', l1: 1 }, l2: 1 });
 * ```
 */
export const EventLearnerConfigSchema = TrainerConfigSchema.pick({ bias: true, schedule: true, l2: true, rollingWindow: true }).extend({
  bits: z.int().min(1).max(28).optional(),
  maxNumeric: z.int().min(0).max(1 << 20).optional(),
  standardize: z.boolean().optional(),
  optimizer: OptimizerConfigSchema.optional(),
  calibrationBins: z.int().min(1).max(1000).optional(),
  maxPending: z.int().min(1).optional(),
  ttlMs: z.number().positive().optional(),
});

/**
 * Checks event-learner options and fills in the defaults.
 *
 * @throws RangeError naming every bad field, such as `event learner options: bits: Too big: expected int to be <=28`
 * @example
 * ```ts
 * resolveEventLearnerOptions({ bits: 20 }).optimizer; // { kind: 'sgd' }
 * ```
 */
export function resolveEventLearnerOptions(options: EventLearnerOptions = {}): Required<EventLearnerOptions> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const result = EventLearnerConfigSchema.safeParse(given);
  if (!result.success) throw new RangeError(`event learner options: ${describeIssues(result.error.issues)}`);
  return { ...EVENT_LEARNER_DEFAULTS, ...(given as EventLearnerOptions) };
}

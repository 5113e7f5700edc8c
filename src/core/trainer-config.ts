import { configIssues } from './trainer-config-check.js';
import type { LearningRateSchedule } from './learning-rate-schedule.js';

/**
 * How a {@link Trainer} takes its steps: one per sample, one per mini-batch
 * of `batchSize` samples, or one per pass over everything it is given (full batch).
 */
export type TrainingMode = 'sample' | 'minibatch' | 'batch';

/**
 * The defaults of every configuration in rxlogit, stated once: the core
 * (`createModel`, `Trainer`), the stream layer (`OnlineLearner`), the
 * `train` and `serve` commands and the server all take them from here.
 *
 * The bias is on, as in scikit-learn, River and Vowpal Wabbit; the
 * tutorial's boundary through the origin needs `bias: false` (`--no-bias`).
 *
 * @example
 * ```ts
 * TRAINER_DEFAULTS.lr;        // 0.05
 * TRAINER_DEFAULTS.batchSize; // 32
 * ```
 */
export const TRAINER_DEFAULTS = Object.freeze({
  bias: true,
  mode: 'sample' as TrainingMode,
  batchSize: 32,
  lr: 0.05,
  schedule: Object.freeze({ kind: 'constant', lr: 0.05 }) as LearningRateSchedule,
  l2: 0,
  reduction: 'mean' as 'mean' | 'sum',
  initBias: 0,
  rollingWindow: 500,
});

/**
 * The configuration of a {@link Trainer}; every field but `inputs` has a
 * default ({@link TRAINER_DEFAULTS}).
 *
 * @example
 * ```ts
 * const config: TrainerConfig = { inputs: 2, bias: false, mode: 'minibatch', batchSize: 64 };
 * ```
 */
export interface TrainerConfig {
  /** Number of inputs (features), an integer ≥ 1. */
  inputs: number;
  /** Learn a bias (default true; false reproduces the tutorial's boundary through the origin). */
  bias?: boolean;
  /** A step per sample, per mini-batch or per pass (default `'sample'`). */
  mode?: TrainingMode;
  /** Samples per mini-batch step (default 32). */
  batchSize?: number;
  /** Learning-rate schedule (default `{ kind: 'constant', lr: 0.05 }`). */
  schedule?: LearningRateSchedule;
  /** L2 strength λ ≥ 0 (default 0), never applied to the bias. */
  l2?: number;
  /** How a batch's gradients combine (default `'mean'`; `'sum'` is the tutorial's code). */
  reduction?: 'mean' | 'sum';
  /** Initial weights (default zeros), `inputs` finite numbers. */
  init?: readonly number[];
  /** Initial bias (default 0). */
  initBias?: number;
  /** Samples in the rolling metrics (default 500). */
  rollingWindow?: number;
}

/** A {@link TrainerConfig} with every default filled in. */
export type ResolvedTrainerConfig = Required<Omit<TrainerConfig, 'init'>> & Pick<TrainerConfig, 'init'>;

/**
 * Checks a trainer configuration and fills in the defaults.
 *
 * @param what - names the configuration in errors (default `'trainer config'`)
 * @throws RangeError naming every bad field, such as `trainer config: batchSize: Too small: expected int to be >=1`
 * @example
 * ```ts
 * resolveTrainerConfig({ inputs: 2 }).schedule; // { kind: 'constant', lr: 0.05 }
 * ```
 */
export function resolveTrainerConfig(config: TrainerConfig, what = 'trainer config'): ResolvedTrainerConfig {
  const { inputs, init, bias, mode, batchSize, schedule, l2, reduction, initBias, rollingWindow } = config;
  const json = { inputs, bias, mode, batchSize, schedule, l2, reduction, init, initBias, rollingWindow };
  for (const key of Object.keys(json) as (keyof typeof json)[]) if (json[key] === undefined) delete json[key];
  // Checked by hand, with zod's words: the core loads no zod for a trainer (`rxlogit train` starts faster).
  const issues = configIssues(json);
  if (issues !== undefined) throw new RangeError(`${what}: ${issues}`);
  if (init !== undefined && init.length !== inputs) throw new RangeError(`${what}: init has ${init.length} weights, expected ${inputs} (inputs)`);
  const d = TRAINER_DEFAULTS;
  return {
    inputs,
    bias: bias ?? d.bias,
    mode: mode ?? d.mode,
    batchSize: batchSize ?? d.batchSize,
    schedule: schedule ?? d.schedule,
    l2: l2 ?? d.l2,
    reduction: reduction ?? d.reduction,
    initBias: initBias ?? d.initBias,
    rollingWindow: rollingWindow ?? d.rollingWindow,
    ...(init === undefined ? {} : { init }),
  };
}

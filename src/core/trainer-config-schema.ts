/**
 * The schemas of a trainer's configuration as JSON, for the trust
 * boundaries (config files, flags, checkpoints, messages). Apart from
 * `trainer-config.ts` so that a trainer alone loads no zod.
 *
 * @module
 */
import { z } from 'zod';

/**
 * The schema of a learning-rate schedule as JSON.
 *
 * @example
 * ```ts
 * LearningRateScheduleSchema.parse({ kind: 'inverse-scaling', lr: 0.5, decay: 0.01 });
 * ```
 */
export const LearningRateScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), lr: z.number().min(0) }),
  z.strictObject({ kind: z.literal('inverse-scaling'), lr: z.number().min(0), decay: z.number().min(0) }),
  z.strictObject({ kind: z.literal('inverse-power'), lr: z.number().min(0), power: z.number().min(0) }),
]);

/**
 * The schema of a {@link TrainerConfig} as JSON (config files, flags,
 * checkpoints): the learner's and the commands' schemas extend it.
 *
 * @example
 * ```ts
 * TrainerConfigSchema.parse({ inputs: 2, mode: 'minibatch', batchSize: 64 });
 * ```
 */
export const TrainerConfigSchema = z.strictObject({
  inputs: z.int().min(1),
  bias: z.boolean().optional(),
  mode: z.enum(['sample', 'minibatch', 'batch']).optional(),
  batchSize: z.int().min(1).optional(),
  schedule: LearningRateScheduleSchema.optional(),
  l2: z.number().min(0).optional(),
  reduction: z.enum(['mean', 'sum']).optional(),
  init: z.array(z.number()).optional(),
  initBias: z.number().optional(),
  rollingWindow: z.int().min(1).optional(),
});

/**
 * zod's issues as one line: `path: message; path: message`.
 *
 * @example
 * ```ts
 * describeIssues(result.error.issues); // "batchSize: Too small: expected int to be >=1"
 * ```
 */
export function describeIssues(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(config)'}: ${i.message}`).join('; ');
}

import { z } from 'zod';
import { metricsStateMismatch } from '../core/metrics/progressive-metrics.js';

/** A saved `ProgressiveMetrics` state: shape by the schema, consistency by the core's own check. */
const MetricsState = z
  .strictObject({
    n: z.int().min(0),
    lossSum: z.number().min(0),
    lossScale: z.number().min(1),
    correct: z.int().min(0),
    recentLosses: z.array(z.number().min(0)),
    recentHits: z.array(z.union([z.literal(0), z.literal(1)])),
  })
  .superRefine((state, ctx) => {
    const reason = metricsStateMismatch(state);
    if (reason !== null) ctx.addIssue({ code: 'custom', message: reason });
  });

/**
 * The fields a checkpoint has beyond a model file's, all optional so that
 * every older file stays readable: a file without `loss` and `metrics`
 * (written before they were saved) resumes with fresh metrics.
 *
 * @example
 * ```ts
 * CheckpointExtra.safeParse({ modelVersion: 3, loss: null }).success; // true
 * ```
 */
export const CheckpointExtra = z.object({
  modelVersion: z.int().min(0).optional(),
  refused: z.int().min(0).optional(),
  /** Loss of the last sample or batch; null before the first. */
  loss: z.number().min(0).nullable().optional(),
  /** The progressive metrics, to go on where they stopped. */
  metrics: MetricsState.optional(),
  source: z
    .strictObject({
      stream: z.string().min(1),
      sequence: z.int().min(0),
      partial: z.strictObject({ sequence: z.int().min(1), index: z.int().min(0) }).optional(),
    })
    .optional(),
});
/** The fields a checkpoint has beyond a model file's. */
export type CheckpointExtra = z.infer<typeof CheckpointExtra>;

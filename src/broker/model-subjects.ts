/**
 * Names shared by every process of one model on NATS: the KV bucket, the
 * model's key, and the subjects a learner publishes its streams on.
 *
 * - `rxlogit.<model>.steps`: the WebSocket protocol's `step` message (JSON, with `"type":"step"`)
 * - `rxlogit.<model>.status`: a {@link LearnerStatus} about once a second
 * - `rxlogit.<model>.samples`: recent accepted samples, a JSON array of `{x,t}` (at most 100)
 *
 * @module
 */
import * as z from 'zod';

/** The KV bucket of model versions, unless told otherwise. */
export const DEFAULT_MODEL_BUCKET = 'rxlogit-models';

/** The most samples one `samples` subject message carries. */
export const MAX_PUBLISHED_SAMPLES = 100;

/** A model name that is not a valid KV key and subject token. */
export class ModelNameError extends Error {
  override readonly name = 'ModelNameError';
}

/**
 * Checks a model name: letters, digits, `_` and `-` (it is a KV key and a subject token).
 *
 * @throws ModelNameError naming the bad name
 * @example
 * ```ts
 * checkModelName('fraud-v2'); // 'fraud-v2'
 * ```
 */
export function checkModelName(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
    throw new ModelNameError(`bad model name ${JSON.stringify(name.slice(0, 140))}: use 1 to 128 letters, digits, "_" or "-"`);
  }
  return name;
}

/** The subjects of one model. */
export interface ModelSubjects {
  readonly steps: string;
  readonly status: string;
  readonly samples: string;
}

/**
 * The subjects a learner of `model` publishes on.
 *
 * @throws ModelNameError for a bad model name
 * @example
 * ```ts
 * modelSubjects('demo').steps; // 'rxlogit.demo.steps'
 * ```
 */
export function modelSubjects(model: string): ModelSubjects {
  checkModelName(model);
  return { steps: `rxlogit.${model}.steps`, status: `rxlogit.${model}.status`, samples: `rxlogit.${model}.samples` };
}

const Count = z.number().finite().min(0).nullable();

/**
 * What a learner says about itself on `rxlogit.<model>.status`: which process
 * holds the lease, how many stream messages wait for it, and its latest model
 * write. Fields a learner cannot know are `null`.
 */
export const LearnerStatus = z.object({
  /** The process leading (holding the lease), e.g. `host:pid`. */
  holder: z.string().max(200).nullable(),
  /** Messages of the input stream not yet delivered to or acknowledged by the learner (its lag). */
  pending: Count,
  /** The learner's model version (increments on every model change). */
  modelVersion: Count,
  /** `Date.now()` of the last model write (KV), or null before the first. */
  modelTime: Count,
  /** The last input-stream sequence fully applied, or null. */
  sequence: Count,
  samplesPerSecond: z.number().finite().min(0),
  /** `Date.now()` when the status was published. */
  time: z.number().finite(),
});
export type LearnerStatus = z.infer<typeof LearnerStatus>;

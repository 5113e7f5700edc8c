/**
 * Where a JetStream learner resumes: the model's stored checkpoint and the
 * stream position it holds.
 *
 * @module
 */
import type { SnapshotSource } from '../io/checkpoint-file.js';
import type { TrainerState } from '../core/index.js';
import { whileBrokerUnavailable } from './broker-unavailable.js';
import type { JetStreamLearnerOptions } from './stream-learner-options.js';

/** A learner's starting point: the stored state (if any), its store revision and its stream position. */
export interface StreamResumePoint {
  /** Whether the store held a checkpoint of the model. */
  readonly found: boolean;
  /** The state to restore, when one was stored. */
  readonly restore: TrainerState | undefined;
  /** The store revision read (0 when none): the next write is conditional on it. */
  readonly revision: number;
  /** The last stream position the stored state holds (sequence 0 when none). */
  readonly source: SnapshotSource;
}

/**
 * Loads the model's checkpoint from the store and the stream position to resume after.
 *
 * @throws CheckpointError for a stored value that is not a checkpoint; RangeError when the model was learned from another stream
 * @example
 * ```ts
 * const { source, restore } = await loadStreamCheckpoint(options, {});
 * source.sequence; // the last message the stored model holds
 * ```
 */
export async function loadStreamCheckpoint(options: Pick<JetStreamLearnerOptions, 'stream' | 'model' | 'store'>, patience: { patienceMs?: number }): Promise<StreamResumePoint> {
  const { stream, model, store } = options;
  const stored = await whileBrokerUnavailable(`loading the checkpoint of model "${model}"`, () => store.load(model), patience);
  if (stored === undefined) return { found: false, restore: undefined, revision: 0, source: { stream, sequence: 0 } };
  const source = stored.snapshot.source;
  if (source !== undefined && source.stream !== stream) {
    throw new RangeError(`model "${model}" was learned from stream "${source.stream}", not "${stream}"`);
  }
  return { found: true, restore: stored.snapshot, revision: stored.revision, source: source ?? { stream, sequence: 0 } };
}

import type { Step } from '../core/index.js';
import type { Checkpointer } from '../io/checkpointer.js';
import type { LearnerSources } from './learner-sources.js';
import type { LearnerStreams } from './learner-streams.js';

/**
 * The parts of an `OnlineLearner` that end with it.
 *
 * @example
 * ```ts
 * const parts: LearnerParts = { sources, pipeline, streams, checkpointer };
 * ```
 */
export interface LearnerParts {
  readonly sources: LearnerSources;
  /** The learning pipeline's input (its waiting inputs are dropped). */
  readonly pipeline: { clear(): void };
  readonly streams: LearnerStreams;
  readonly checkpointer: Checkpointer | undefined;
}

/**
 * Ends a learner once its learning pipeline is done, in this order: every
 * source unsubscribed, the inputs waiting dropped, `steps$` (with the final
 * step), `rejected$`, `samples$` and `errors$` ended, the checkpointer's timer
 * and signal handlers removed (nothing may start a write after the final
 * one), the final checkpoint written, then `checkpoints$` completed.
 *
 * @param finalStep - the state at the end (what later subscribers of `steps$` get)
 * @param err - the error that ended the learner, or `undefined` for a clean end
 * @returns settles after the final checkpoint; rejects when it could not be written
 *   (a handler is attached, so nobody need wait on it)
 * @example
 * ```ts
 * this.ended = endLearner({ sources, pipeline, streams, checkpointer }, trainer.step(Date.now()), undefined);
 * ```
 */
export function endLearner(parts: LearnerParts, finalStep: Step, err: unknown): Promise<void> {
  const { sources, pipeline, streams, checkpointer } = parts;
  sources.stopAll();
  pipeline.clear();
  streams.end(finalStep, err);
  sources.completeErrors();
  checkpointer?.dispose();
  const ended = (async () => {
    const result = await checkpointer?.save();
    await checkpointer?.settled();
    streams.endCheckpoints();
    if (result !== undefined && !result.ok) throw result.error;
  })();
  // The promise is also returned by close(); nobody may be waiting on it here.
  ended.catch(() => undefined);
  return ended;
}

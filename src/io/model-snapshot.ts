import type { Trainer, TrainerState } from '../core/index.js';
import { removeStaleTempFiles } from './atomic-write.js';
import { CheckpointError } from './checkpoint-error.js';
import { readCheckpointSync } from './checkpoint-file.js';
import type { ModelSnapshot } from './checkpoint-file.js';
import type { ModelConfig } from './model-file.js';

/**
 * A trainer's state in the checkpoint format: every field a deep copy, so
 * that the snapshot shares no memory with the live model.
 *
 * @param state - what `Trainer.state()` returns
 * @param config - the learner's configuration as JSON (saved with the model)
 * @example
 * ```ts
 * const snapshot = modelSnapshot(trainer.state(), { inputs: 2, schedule: trainer.schedule });
 * await writeCheckpoint('learner.ckpt.json', snapshot);
 * ```
 */
export function modelSnapshot(state: TrainerState, config: ModelConfig): ModelSnapshot {
  return {
    format: 'rxlogit-model',
    version: 1,
    weights: state.weights.slice(),
    bias: state.bias,
    seen: state.seen,
    updates: state.updates,
    modelVersion: state.modelVersion,
    refused: state.refused ?? 0,
    loss: state.loss ?? null,
    ...(state.metrics === undefined ? {} : { metrics: state.metrics }),
    config: JSON.parse(JSON.stringify(config)) as ModelConfig,
  };
}

/**
 * Loads the checkpoint at `path` into a trainer, if there is one, after
 * removing what a write interrupted by a crash left beside it.
 *
 * @returns what the file held, or `undefined` when there is no file yet
 * @throws CheckpointError when the file is corrupt or foreign, or its model does not fit the trainer
 * @example
 * ```ts
 * const resumed = resumeCheckpoint(trainer, 'learner.ckpt.json'); // undefined on the first start
 * ```
 */
export function resumeCheckpoint(trainer: Trainer, path: string): ModelSnapshot | undefined {
  removeStaleTempFiles(path);
  const saved = readCheckpointSync(path);
  if (saved === undefined) return undefined;
  try {
    trainer.restore(saved);
  } catch (e) {
    throw new CheckpointError(path, `refusing checkpoint "${path}": ${(e as Error).message}`, { cause: e });
  }
  return saved;
}

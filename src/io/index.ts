/**
 * Model files: save a trained model as versioned JSON (written atomically)
 * and load it back, with every bad file refused by a `ModelFileError` that
 * says why.
 *
 * @example
 * ```ts
 * import { loadModel, saveModel } from 'rxlogit/io';
 *
 * await saveModel('model.json', model, { lr: 0.05 });
 * const { model: again } = await loadModel('model.json');
 * ```
 *
 * @packageDocumentation
 */
export { loadModel, ModelFileError, parseModelFile, saveModel } from './model-file.js';
export type { LoadedModel, ModelConfig } from './model-file.js';
export { CheckpointError } from './checkpoint-error.js';
export { readCheckpointSync } from './checkpoint-file.js';
export type { ModelSnapshot, SnapshotSource } from './checkpoint-file.js';
export { EVENT_CHECKPOINT_FORMAT, readEventCheckpointSync, writeEventCheckpoint } from './event-checkpoint-file.js';
export type { EventCheckpoint, SavedPrediction } from './event-checkpoint-file.js';

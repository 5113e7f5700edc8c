/**
 * The stream layer: RxJS sources, operators and the online learner (with
 * the types of the metrics and checkpoints its API hands out).
 *
 * @packageDocumentation
 */
export { OnlineLearner } from './online-learner.js';
export type { LearnFromOptions } from './online-learner.js';
export type { PushResult } from './learner-intake.js';
export { checkLearnerConfig, learnerConfigToJson, LearnerConfigSchema } from './learner-config.js';
export type { CheckpointConfig, LearnerConfig } from './learner-config.js';
export type { Step } from './step.js';
export type { Rejection } from './rejection.js';
export { LabelSchema, sampleRejectionReason, SampleSchema, sampleSchemaFor } from './sample-schema.js';
export { DEFAULT_SCHEDULE, Trainer } from './trainer.js';
export type { TrainerOptions, TrainerState } from './trainer.js';
export type { EmitEvery } from './emission-throttle.js';
export { batchByCount } from './operators/batch-by-count.js';
export { batchByTime } from './operators/batch-by-time.js';
export type { BatchByTimeOptions } from './operators/batch-by-time.js';
export { emitEvery } from './operators/emit-every.js';
export { learnBatches } from './operators/learn-batches.js';
export { learnEach } from './operators/learn-each.js';
export type { LearnOptions } from './operators/learn-each.js';
export { progressiveValidation } from './operators/progressive-validation.js';
export type { ProgressiveValidationOptions } from './operators/progressive-validation.js';
export { validateSamples } from './operators/validate-samples.js';
export type { ValidateSamplesOptions } from './operators/validate-samples.js';
export { gaussianSamples } from './sources/gaussian-samples.js';
export type { GaussianSamplesOptions } from './sources/gaussian-samples.js';
export { fromSampleFile, fromSampleReadable } from './sources/sample-file-source.js';
export type { SampleReadOptions } from './sources/sample-file-source.js';
export { fromEmitter } from './sources/from-emitter.js';
export type { FromEmitterOptions } from './sources/from-emitter.js';
export { fromAsyncSamples } from './sources/from-async-samples.js';
export { samplePusher } from './sources/sample-pusher.js';
export type { SamplePusher } from './sources/sample-pusher.js';
export type { Metrics } from '../core/metrics/index.js';
export type { ModelSnapshot } from '../io/checkpoint-file.js';
export { CheckpointError } from '../io/checkpoint-file.js';
export type { CheckpointResult } from '../io/checkpointer.js';

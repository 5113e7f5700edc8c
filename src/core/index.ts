/**
 * The pure learning core: the logistic neuron, its loss, the delta rule, the
 * one trainer every entry point uses, its configuration and the shapes that
 * cross the layers (sample blocks, steps, push results). No RxJS, no I/O.
 *
 * @packageDocumentation
 */
export type { Label, Sample } from './sample.js';
export { blockFromSamples, blockToSamples, copyBlock, isSampleBlock, sampleAt, sliceBlock } from './sample-block.js';
export type { SampleBlock } from './sample-block.js';
export { SampleBlockBuilder } from './sample-block-builder.js';
export { logistic, softplus } from './logistic.js';
export { crossEntropy, crossEntropyFromLogit, meanLoss } from './loss.js';
export { cloneModel, createModel, logit, logitAt, predictClass, predictProba } from './model.js';
export type { LogisticModel, ModelOptions } from './model.js';
export { classOfLogit } from './predicted-class.js';
export { learningRateAt, validateSchedule } from './learning-rate-schedule.js';
export type { LearningRateSchedule } from './learning-rate-schedule.js';
export { applyDeltaRule } from './delta-rule.js';
export type { DeltaStep, UpdateOptions } from './delta-rule.js';
export { fitBatch, gradient, learnMany, learnOne } from './learn.js';
export type { BatchScores } from './learn.js';
export { Trainer } from './trainer.js';
export type { TrainerInput } from './trainer.js';
export { resolveTrainerConfig, TRAINER_DEFAULTS } from './trainer-config.js';
export { describeIssues, LearningRateScheduleSchema, TrainerConfigSchema } from './trainer-config-schema.js';
export type { ResolvedTrainerConfig, TrainerConfig, TrainingMode } from './trainer-config.js';
export { loadState, stateMismatch } from './trainer-state.js';
export type { TrainerState } from './trainer-state.js';
export type { Step } from './step.js';
export type { StepSink, StepTimer } from './row-steps.js';
export type { PushResult } from './push-result.js';
export { assertSample, checkSample } from './sample-check.js';
export { linspace } from './linspace.js';
export type { Axis } from './linspace.js';
export { classificationPlane, lossSurface } from './surface.js';
export type { ClassificationPlane, LossSurface, SurfaceBase } from './surface.js';
export { FeatureSpace, murmurhash3, murmurhash3Bytes, StandardScaler, copySparse, pushEntry, sparseBlock, sparseVector } from './features/index.js';
export type { Features, FeatureSpaceOptions, HashState, HashStats, SparseBlock, SparseVector } from './features/index.js';
export {
  AdaGradOptimizer,
  createOptimizer,
  FtrlProximalOptimizer,
  learnSparse,
  learnSparseBlock,
  SgdOptimizer,
  createSparseModel,
  foldScale,
  sparseLogit,
  sparseLogitRange,
  sparseWeight,
} from './optim/index.js';
export type { Optimizer, OptimizerConfig, OptimizerOptions, OptimizerState, SparseModel } from './optim/index.js';
export { CalibrationTable, Confusion, EventMetrics, RocAuc, RollingRocAuc } from './metrics/index.js';
export type { CalibrationBin, ConfusionScores, EventScores } from './metrics/index.js';
export { EventLearner } from './event-learner.js';
export { EVENT_LEARNER_DEFAULTS, EventLearnerConfigSchema, OptimizerConfigSchema, resolveEventLearnerOptions } from './event-learner-config.js';
export type { EventLearnerOptions } from './event-learner-config.js';
export { restoreEventLearner, saveEventLearner } from './event-learner-state.js';
export type { EventLearnerState, SparseEntries } from './event-learner-state.js';
export { PendingPredictions } from './delayed/pending-predictions.js';
export type { LabelOutcome, PendingCounts, PendingOptions } from './delayed/pending-predictions.js';
export { Accuracy, LogLoss, LossSum, ProgressiveMetrics, RollingAccuracy, RollingLogLoss, RollingMean } from './metrics/index.js';
export { hasScores } from './metrics/index.js';
export type { Metrics, ProgressiveMetricsState, ScoredMetrics } from './metrics/index.js';

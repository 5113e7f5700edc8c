/**
 * The pure learning core: the logistic neuron, its loss, the delta rule and
 * the tutorial's figures' grids. No RxJS, no I/O.
 *
 * @packageDocumentation
 */
export type { Label, Sample } from './sample.js';
export { logistic, softplus } from './logistic.js';
export { crossEntropy, crossEntropyFromLogit, meanLoss } from './loss.js';
export { cloneModel, createModel, logit, predictClass, predictProba } from './model.js';
export type { LogisticModel, ModelOptions } from './model.js';
export { learningRateAt, validateSchedule } from './learning-rate-schedule.js';
export type { LearningRateSchedule } from './learning-rate-schedule.js';
export { applyDeltaRule } from './delta-rule.js';
export type { UpdateOptions } from './delta-rule.js';
export { fitBatch, gradient, learnMany, learnOne } from './learn.js';
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
export { EVENT_LEARNER_DEFAULTS, EventLearner } from './event-learner.js';
export type { EventLearnerOptions } from './event-learner.js';
export { restoreEventLearner, saveEventLearner } from './event-learner-state.js';
export type { EventLearnerState, SparseEntries } from './event-learner-state.js';
export { PendingPredictions } from './delayed/pending-predictions.js';
export type { LabelOutcome, PendingCounts, PendingOptions } from './delayed/pending-predictions.js';
export { Accuracy, LogLoss, LossSum, ProgressiveMetrics, RollingAccuracy, RollingLogLoss, RollingMean } from './metrics/index.js';
export type { Metrics } from './metrics/index.js';

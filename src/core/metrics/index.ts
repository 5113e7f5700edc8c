/**
 * Streaming metrics: small objects with `update` and `get`, as River's.
 *
 * @packageDocumentation
 */
export { Accuracy } from './accuracy.js';
export { CalibrationTable } from './calibration-table.js';
export type { CalibrationBin } from './calibration-table.js';
export { Confusion } from './confusion.js';
export type { ConfusionScores } from './confusion.js';
export { EventMetrics } from './event-metrics.js';
export type { EventScores } from './event-metrics.js';
export { LogLoss } from './log-loss.js';
export { LossSum } from './loss-sum.js';
export { hasScores, ProgressiveMetrics } from './progressive-metrics.js';
export type { Metrics, ProgressiveMetricsState, ScoredMetrics } from './progressive-metrics.js';
export { RollingAccuracy } from './rolling-accuracy.js';
export { RollingLogLoss } from './rolling-log-loss.js';
export { RollingMean } from './rolling-mean.js';
export { RocAuc } from './roc-auc.js';
export { RollingRocAuc } from './rolling-roc-auc.js';

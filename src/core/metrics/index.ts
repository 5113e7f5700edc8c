/**
 * Streaming metrics: small objects with `update` and `get`, as River's.
 *
 * @packageDocumentation
 */
export { Accuracy } from './accuracy.js';
export { LogLoss } from './log-loss.js';
export { LossSum } from './loss-sum.js';
export { ProgressiveMetrics } from './progressive-metrics.js';
export type { Metrics } from './progressive-metrics.js';
export { RollingAccuracy } from './rolling-accuracy.js';
export { RollingLogLoss } from './rolling-log-loss.js';
export { RollingMean } from './rolling-mean.js';

/**
 * rxlogit: online logistic classification on streams.
 *
 * The root entry point holds what a service embeds: the online learner, its
 * sources and the RxJS operators, with the types they hand out. It loads no
 * server, no `ws` and no command line. The other layers have entry points of
 * their own: `rxlogit/core` (the pure learning core), `rxlogit/data`
 * (generators and sample readers), `rxlogit/io` (model files),
 * `rxlogit/server` (the live server) and `rxlogit/plot` (SVG figures).
 * Every public export is named here; nothing is re-exported by wildcard.
 *
 * @example
 * ```ts
 * import { OnlineLearner, gaussianSamples } from 'rxlogit';
 *
 * const learner = new OnlineLearner({ inputs: 2, emitEvery: { samples: 1000 } });
 * learner.loss$.subscribe((loss) => console.log(loss));
 * learner.learnFrom(gaussianSamples({ seed: 1, count: 10_000 }), { trusted: true, endWithSource: true });
 * ```
 *
 * @packageDocumentation
 */

// the online learner and the shapes it hands out
export { OnlineLearner } from './stream/online-learner.js';
export type { LearnFromOptions } from './stream/online-learner.js';
export type { PushResult } from './core/push-result.js';
export type { CheckpointConfig, LearnerConfig } from './stream/learner-config.js';
export type { Step } from './core/step.js';
export type { SampleBlock } from './core/sample-block.js';
export type { Rejection } from './stream/rejection.js';
export type { SourceError } from './stream/source-error.js';
export type { EmitEvery } from './stream/emission-throttle.js';
export type { Metrics } from './core/metrics/index.js';
export type { Label, Sample } from './core/sample.js';
export type { LearningRateSchedule } from './core/learning-rate-schedule.js';
export type { ModelSnapshot } from './io/checkpoint-file.js';
export { CheckpointError } from './io/checkpoint-error.js';
export type { CheckpointResult } from './io/checkpointer.js';

// raw events: named and hashed features, delayed labels, AUC and calibration
export { EventStreamLearner } from './stream/event-stream-learner.js';
export type { EventLearnerScores, EventMessage, EventStreamLearnerConfig } from './stream/event-stream-learner.js';
export type { EventLearnerOptions } from './core/event-learner-config.js';
export type { Features, HashStats } from './core/features/feature-space.js';
export type { OptimizerConfig } from './core/optim/optimizer.js';
export type { EventScores } from './core/metrics/event-metrics.js';
export type { CalibrationBin } from './core/metrics/calibration-table.js';
export type { ConfusionScores } from './core/metrics/confusion.js';
export type { LabelOutcome, PendingCounts } from './core/delayed/pending-predictions.js';

// operators: one per file, each an OperatorFunction
export { Trainer } from './core/trainer.js';
export type { TrainerInput } from './core/trainer.js';
export type { TrainerConfig } from './core/trainer-config.js';
export { TRAINER_DEFAULTS } from './core/trainer-config.js';
export { batchByCount } from './stream/operators/batch-by-count.js';
export { batchByTime } from './stream/operators/batch-by-time.js';
export type { BatchByTimeOptions } from './stream/operators/batch-by-time.js';
export { emitEvery } from './stream/operators/emit-every.js';
export { learnBatches } from './stream/operators/learn-batches.js';
export { learnEach } from './stream/operators/learn-each.js';
export type { LearnOptions } from './stream/operators/learn-each.js';
export { progressiveValidation } from './stream/operators/progressive-validation.js';
export type { ProgressiveValidationOptions } from './stream/operators/progressive-validation.js';
export { validateSamples } from './stream/operators/validate-samples.js';
export type { ValidateSamplesOptions } from './stream/operators/validate-samples.js';

// sources
export { gaussianSamples } from './stream/sources/gaussian-samples.js';
export type { GaussianSamplesOptions } from './stream/sources/gaussian-samples.js';
export { fromSampleFile, fromSampleReadable } from './stream/sources/sample-file-source.js';
export type { SampleReadOptions } from './stream/sources/sample-file-source.js';
export { fromEmitter } from './stream/sources/from-emitter.js';
export type { FromEmitterOptions } from './stream/sources/from-emitter.js';
export { fromAsyncSamples } from './stream/sources/from-async-samples.js';
export { samplePusher } from './stream/sources/sample-pusher.js';
export type { SamplePusher } from './stream/sources/sample-pusher.js';

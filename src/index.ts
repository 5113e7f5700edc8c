/**
 * rxlogit: online logistic classification on streams.
 *
 * The layers, inner to outer: the pure learning core (`core`), data
 * (generators, parsers), model files and checkpoints (`io`), RxJS pipelines
 * and the online learner (`stream`), the live server (`server`). Every public
 * export is named here; nothing is re-exported by wildcard.
 *
 * @example
 * ```ts
 * import { OnlineLearner, gaussianSamples } from 'rxlogit';
 *
 * const learner = new OnlineLearner({ inputs: 2, emitEvery: { samples: 1000 } });
 * learner.loss$.subscribe((loss) => console.log(loss));
 * learner.learnFrom(gaussianSamples({ seed: 1, count: 10_000 }), { trusted: true });
 * ```
 *
 * @packageDocumentation
 */

// core: the logistic neuron, its loss and the delta rule (no RxJS, no I/O)
export type { Label, Sample } from './core/sample.js';
export { logistic, softplus } from './core/logistic.js';
export { crossEntropy, crossEntropyFromLogit, meanLoss } from './core/loss.js';
export { cloneModel, createModel, logit, predictClass, predictProba } from './core/model.js';
export type { LogisticModel, ModelOptions } from './core/model.js';
export { learningRateAt, validateSchedule } from './core/learning-rate-schedule.js';
export type { LearningRateSchedule } from './core/learning-rate-schedule.js';
export { applyDeltaRule } from './core/delta-rule.js';
export type { UpdateOptions } from './core/delta-rule.js';
export { fitBatch, gradient, learnMany, learnOne } from './core/learn.js';
export { assertSample, checkSample } from './core/sample-check.js';
export { linspace } from './core/linspace.js';
export type { Axis } from './core/linspace.js';
export { classificationPlane, lossSurface } from './core/surface.js';
export type { ClassificationPlane, LossSurface, SurfaceBase } from './core/surface.js';
export { Accuracy, LogLoss, LossSum, ProgressiveMetrics, RollingAccuracy, RollingLogLoss, RollingMean } from './core/metrics/index.js';
export type { Metrics } from './core/metrics/index.js';
export { CalibrationTable, Confusion, RocAuc, RollingRocAuc } from './core/metrics/index.js';
export type { CalibrationBin, ConfusionScores } from './core/metrics/index.js';
// core/features and core/optim: named and hashed features, sparse models, AdaGrad and FTRL-Proximal
export { FeatureSpace, murmurhash3, StandardScaler, sparseBlock, sparseVector } from './core/features/index.js';
export type { Features, FeatureSpaceOptions, HashStats, SparseBlock, SparseVector } from './core/features/index.js';
export { createOptimizer, createSparseModel, learnSparse, learnSparseBlock, sparseLogit, sparseWeight } from './core/optim/index.js';
export type { Optimizer, OptimizerConfig, OptimizerOptions, OptimizerState, SparseModel } from './core/optim/index.js';

// data: seeded generators and sample readers
export { NumpyRandomState } from './data/numpy-random.js';
export { TUTORIAL_MEANS, TUTORIAL_PER_CLASS, TUTORIAL_SEED, tutorialDataset } from './data/tutorial-dataset.js';
export type { TutorialDataset, TutorialDatasetOptions } from './data/tutorial-dataset.js';
export { gaussianClasses, gaussianClassStream } from './data/gaussian-classes.js';
export type { GaussianClassStream } from './data/gaussian-classes.js';
export type { GaussianClassesOptions } from './data/gaussian-classes-options.js';
export { parseJsonlSample } from './data/jsonl-sample-parser.js';
export { parseCsvSample } from './data/csv-sample-parser.js';
export { readSampleChunks, readSampleColumns, readSamples } from './data/sample-lines.js';
export type { LineSample, ReadSamplesOptions, SampleChunk, SampleColumnsChunk } from './data/sample-lines.js';
export { openSampleFile, readSampleFile, SampleSourceError } from './data/sample-file.js';
export { formatFromPath } from './data/sample-format.js';
export type { SampleFormat } from './data/sample-format.js';
export { isSampleParseError, SampleLineError } from './data/sample-validation.js';
export type { SampleParseError, SampleParseResult } from './data/sample-validation.js';

// io: model files and checkpoints
export { atomicWriteFile, removeStaleTempFiles } from './io/atomic-write.js';
export { loadModel, ModelFile, ModelFileError, parseModelFile, saveModel } from './io/model-file.js';
export type { LoadedModel, ModelConfig } from './io/model-file.js';
export { CheckpointError, checkpointText, parseCheckpoint, readCheckpointSync, writeCheckpoint } from './io/checkpoint-file.js';
export type { ModelSnapshot, SnapshotSource } from './io/checkpoint-file.js';
export { Checkpointer } from './io/checkpointer.js';
export type { CheckpointerOptions, CheckpointResult } from './io/checkpointer.js';

// stream: RxJS sources, operators and the online learner
export { OnlineLearner } from './stream/online-learner.js';
export type { LearnFromOptions } from './stream/online-learner.js';
export type { PushResult } from './stream/learner-intake.js';
export { checkLearnerConfig, LearnerConfigSchema } from './stream/learner-config.js';
export type { CheckpointConfig, LearnerConfig } from './stream/learner-config.js';
export type { Step } from './stream/step.js';
export type { Rejection } from './stream/rejection.js';
export { sampleRejectionReason, SampleSchema, sampleSchemaFor } from './stream/sample-schema.js';
export { Trainer } from './stream/trainer.js';
export type { TrainerOptions } from './stream/trainer.js';
export type { EmitEvery } from './stream/emission-throttle.js';
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
export { gaussianSamples } from './stream/sources/gaussian-samples.js';
export type { GaussianSamplesOptions } from './stream/sources/gaussian-samples.js';
export { fromSampleFile, fromSampleReadable } from './stream/sources/sample-file-source.js';
export type { SampleReadOptions } from './stream/sources/sample-file-source.js';
export { fromEmitter } from './stream/sources/from-emitter.js';
export type { FromEmitterOptions } from './stream/sources/from-emitter.js';
export { fromAsyncSamples } from './stream/sources/from-async-samples.js';
export { samplePusher } from './stream/sources/sample-pusher.js';
export type { SamplePusher } from './stream/sources/sample-pusher.js';

// server: the live HTTP + WebSocket server and its protocol
export { startServer } from './server/create-server.js';
export type { RunningServer, ServerStats } from './server/create-server.js';
export type { ServerOptions } from './server/server-options.js';
export { ListenError } from './server/listen.js';
export { ProcessMonitor } from './server/process-stats.js';
export type { EventLoopDelayStats, MemoryStats, ProcessStats } from './server/process-stats.js';
export {
  Ack,
  CLIENT_MESSAGES,
  Control,
  ControlAck,
  ErrorCode,
  ErrorMessage,
  Hello,
  Predict,
  Prediction,
  PROTOCOL_VERSION,
  SamplesMessage,
  ServerMessage,
  Snapshot,
  StepMessage,
  Subscribe,
  ViewMessage,
} from './server/protocol.js';
export type { ClientMessage } from './server/protocol.js';
export { parseClientMessage } from './server/parse-client-message.js';

// cli: run the commands in-process
export { runCli } from './cli/main.js';

// broker: learning from NATS JetStream, checkpoints in a KV bucket
export { fromJetStream } from './broker/from-jet-stream.js';
export type { FromJetStreamOptions, JetStreamMessage } from './broker/from-jet-stream.js';
export { parseSampleMessage } from './broker/sample-message.js';
export type { SampleMessageBlock, UnparseableMessage } from './broker/sample-message.js';
export { JetStreamLearner } from './broker/jet-stream-learner.js';
export type { JetStreamLearnerOptions, StreamCheckpoint, StreamLearnerSettings } from './broker/jet-stream-learner.js';
export { KvModelStore, ModelStoreError } from './broker/kv-model-store.js';
export type { KvModelStoreOptions, StoredModel } from './broker/kv-model-store.js';
export { prepareStream, StreamSetupError } from './broker/prepare-stream.js';
export type { PrepareStreamOptions } from './broker/prepare-stream.js';

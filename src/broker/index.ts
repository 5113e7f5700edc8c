/**
 * The broker layer: learn from a NATS JetStream subject (every sample applied
 * exactly once, the stream position kept with the model) and keep the model in
 * a JetStream KV bucket. Imports the NATS client: it has an entry point of
 * its own, so that `rxlogit` never loads it.
 *
 * @example
 * ```ts
 * import { JetStreamLearner } from 'rxlogit/broker';
 * ```
 *
 * @packageDocumentation
 */
export { fromJetStream } from './from-jet-stream.js';
export type { FromJetStreamOptions, JetStreamMessage } from './from-jet-stream.js';
export { parseSampleMessage } from './sample-message.js';
export { BINARY_MAGIC, encodeBinarySamples, isBinarySampleMessage, parseBinarySampleMessage } from './binary-sample-message.js';
export type { SampleMessageBlock, UnparseableMessage } from './sample-message.js';
export { JetStreamLearner } from './jet-stream-learner.js';
export type { JetStreamLearnerOptions, StreamCheckpoint, StreamLearnerSettings } from './jet-stream-learner.js';
export { KvModelStore, ModelStoreError } from './kv-model-store.js';
export { BrokerUnavailableError, isBrokerUnavailable } from './broker-unavailable.js';
export { DEAD_LETTER_STREAM } from './dead-letters.js';
export type { KvModelStoreOptions, StoredModel } from './kv-model-store.js';
export { learnWithFailover } from './learn-with-failover.js';
export type { FailoverLearner, FailoverOptions, FailoverRole } from './learn-with-failover.js';
export { LeaseValue, ModelLease } from './model-lease.js';
export type { ModelLeaseOptions } from './model-lease.js';
export { prepareStream, StreamSetupError } from './prepare-stream.js';
export type { PrepareStreamOptions } from './prepare-stream.js';
export { DEFAULT_MODEL_BUCKET, LearnerStatus, MAX_PUBLISHED_SAMPLES, ModelNameError, checkModelName, modelSubjects } from './model-subjects.js';
export type { ModelSubjects } from './model-subjects.js';
export { watchModel } from './watch-model.js';
export type { InvalidModelValue, ModelVersion, WatchModelOptions } from './watch-model.js';
export { ModelReplica, NoModelYetError } from './model-replica.js';
export { publishLearnerStreams } from './publish-learner-streams.js';
export { publishStreamLearner } from './publish-stream-learner.js';
export type { PublishStreamLearnerOptions } from './publish-stream-learner.js';
export type { LearnerStreamsPublisher, PublishLearnerStreamsOptions, StatusProviders } from './publish-learner-streams.js';
export { FollowedLearner } from './followed-learner.js';
export type { FollowLearnerOptions } from './followed-learner.js';
export { newMsgIdPrefix, publishMessages, PublishError } from './publish-messages.js';
export type { OutgoingMessage, PublishMessagesOptions, PublishTotals } from './publish-messages.js';
export { encodeSamples, sampleMessages } from './sample-messages.js';
export type { SampleMessagesOptions } from './sample-messages.js';
export { joinEventsAndLabels } from './join-events-and-labels.js';
export type { JoinEventsAndLabelsOptions, JoinedMessage } from './join-events-and-labels.js';
export { parseEventLines } from './event-lines.js';
export type { EventLineRejection, EventLines } from './event-lines.js';

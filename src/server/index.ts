/**
 * The live server: one port with the dashboard at `/`, the WebSocket stream
 * at `/ws` and the counters at `/stats`, serving any learner that fits
 * {@link ServerLearner} (the root entry point's `OnlineLearner` does). The
 * protocol's messages are exported as types; the server validates what it
 * receives itself.
 *
 * @example
 * ```ts
 * import { OnlineLearner } from 'rxlogit';
 * import { startServer } from 'rxlogit/server';
 *
 * const learner = new OnlineLearner({ inputs: 2 });
 * const server = await startServer({ learner, port: 0 });
 * console.log(server.dashboardUrl);
 * ```
 *
 * @packageDocumentation
 */
export { startServer } from './create-server.js';
export type { RunningServer, ServerStats } from './running-server.js';
export type { ServerOptions } from './server-options.js';
export { ListenError } from './listen-error.js';
export type { ClusterStatus, LearnerDescription, ServerLearner } from './learner-port.js';
export type { ServerEventLearner, ServerEventScores } from './event-learner-port.js';
export type { CalibrationBinMessage, DelayedCounts, EventFeatures, EventLabel, EventsPayload, EventToServe, LabelledEvent } from './event-protocol.js';
export type { EventLoopDelayStats, MemoryStats, ProcessStats } from './process-stats.js';
export { CloseCode, MAX_LABELS_PER_MESSAGE, MAX_SAMPLES_PER_MESSAGE, MAX_SUBSCRIBE_RATE, PROTOCOL_VERSION } from './protocol.js';
export type {
  Ack,
  ClientMessage,
  ClusterMessage,
  Control,
  ControlAck,
  ErrorCode,
  ErrorMessage,
  Hello,
  LabelAck,
  LabelMessage,
  Predict,
  Prediction,
  SamplesMessage,
  ServerMessage,
  Snapshot,
  StepMessage,
  StepPayload,
  Subscribe,
  Subscribed,
  ViewMessage,
} from './protocol.js';

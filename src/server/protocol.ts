/**
 * The WebSocket protocol: one zod schema per message, named like its type.
 * Every message is a JSON object with a string `type`. Client messages are
 * checked strictly (unknown keys are errors, so typos don't pass silently);
 * server messages are described here so clients and tests can check them too.
 * The client's messages live in `client-messages.ts` and are re-exported here.
 *
 * Numbers that JSON cannot carry (NaN before the first sample) arrive as `null`.
 *
 * @module
 */
import * as z from 'zod';
import { ControlAction, MessageId, PROTOCOL_VERSION, StreamName } from './client-messages.js';
import { EventsPayload, LabelOutcome } from './event-protocol.js';

// The client's half, re-exported so that the whole protocol is one import.
export * from './client-messages.js';

// ─── server → client ─────────────────────────────────────────────────────────

const Num = z.number().nullable();

/** Progressive (test-then-train) metrics, as the learner reports them. */
export const MetricsMessage = z.object({
  n: z.number(),
  logLoss: Num,
  accuracy: Num,
  rollingLogLoss: Num,
  rollingAccuracy: Num,
});

/** One step of the learner, as carried by `snapshot.steps` and the `step` message (without `type`). */
export const StepPayload = z.object({
  n: z.number(),
  loss: Num,
  weights: z.array(Num),
  bias: Num,
  version: z.number(),
  lr: Num,
  metrics: MetricsMessage,
  time: z.number(),
  /** Samples rejected so far (from the source and from clients). */
  rejected: z.number(),
  /** Samples learned per second, over the last few seconds. */
  samplesPerSecond: z.number(),
  /** Whether learning is paused. */
  paused: z.boolean(),
  /** The event learner's scores and delayed-label counters (servers with an event learner only). */
  events: EventsPayload.optional(),
});
export type StepPayload = z.infer<typeof StepPayload>;

/** A grid axis `[min, max, n]`. */
export const AxisMessage = z.tuple([z.number(), z.number(), z.number().int().positive()]);

/** One labelled sample. */
export const SampleMessage = z.object({ x: z.array(z.number()), t: z.union([z.literal(0), z.literal(1)]) });

/**
 * `view`: the loss surface over the first two weights (the other weights and
 * the bias held at their current values) around the weights' path, and the
 * model's probability over the first two inputs, both over the recent samples.
 * `loss[j·n1 + i]` is at (w1[i], w2[j]); the same for `proba`. Both are `null`
 * when the model has fewer than 2 inputs or no samples are known yet.
 */
export const ViewMessage = z.object({
  type: z.literal('view'),
  /** The model version the view was computed for. */
  version: z.number(),
  n: z.number(),
  samples: z.array(SampleMessage),
  surface: z.object({ w1: AxisMessage, w2: AxisMessage, loss: z.array(z.number()) }).nullable(),
  plane: z.object({ x1: AxisMessage, x2: AxisMessage, proba: z.array(z.number()) }).nullable(),
});
export type ViewMessage = z.infer<typeof ViewMessage>;

/** `hello`: the first message of every connection. */
export const Hello = z.object({
  type: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  server: z.string(),
  config: z.record(z.string(), z.unknown()),
  model: z.object({ inputs: z.number(), bias: z.boolean() }),
  canWrite: z.boolean(),
  /** Present on a read-only server (a gateway following a learner elsewhere): why samples and controls are refused. */
  readOnly: z.string().optional(),
  limits: z.object({
    maxPayload: z.number(),
    maxMessagesPerSecond: z.number(),
    maxRate: z.number(),
    defaultRate: z.number(),
    /** Rows (prediction rows, samples) this client may have handled per second; every message costs at least its size / 16 bytes. */
    rowsPerSecond: z.number(),
    /** The most rows one `predict` of this client may carry. */
    maxPredictRows: z.number(),
  }),
});
export type Hello = z.infer<typeof Hello>;

/** `snapshot`: the second message, the recent history for a late joiner. */
export const Snapshot = z.object({
  type: z.literal('snapshot'),
  steps: z.array(StepPayload),
  samples: z.array(SampleMessage),
  paused: z.boolean(),
  view: ViewMessage.nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** `step`: the learner's state, at most at the client's subscribed rate. */
export const StepMessage = StepPayload.extend({ type: z.literal('step') });
export type StepMessage = z.infer<typeof StepMessage>;

/** A sample refused by the learner: its index in the batch and why. */
export const SampleRejection = z.object({ index: z.number(), reason: z.string() });

/** `ack`: the answer to `samples`. */
export const Ack = z.object({
  type: z.literal('ack'),
  id: MessageId,
  accepted: z.number(),
  /** The first {@link MAX_REPORTED_REJECTIONS} rejected samples, by index, with their reasons. */
  rejected: z.array(SampleRejection),
  /** How many samples were rejected in all. */
  rejectedCount: z.number(),
  /** Samples the model has learned from, after this batch. */
  n: z.number(),
  /** Events (`features` items) the event learner has learned from, after this batch (servers with an event learner). */
  events: z.number().optional(),
  /** Present and true when a checkpoint holding the batch was written (`durable`). */
  durable: z.boolean().optional(),
  /**
   * Present when the server's checkpoint is failing: the samples were learned,
   * but a crash would lose them. Says why the last write failed.
   */
  checkpointError: z.string().optional(),
});
export type Ack = z.infer<typeof Ack>;

/**
 * `status`: the server's health as clients should see it, sent to every
 * client when the checkpoint starts failing, fails differently or recovers,
 * and on connecting while it fails. `checkpoint` is null when the server has none.
 */
export const StatusMessage = z.object({
  type: z.literal('status'),
  checkpoint: z
    .object({
      /** Whether the last write failed: acknowledged samples are then not on disk. */
      failing: z.boolean(),
      /** Why it failed (the folder left out), null when not failing. */
      error: z.string().nullable(),
      /** Failed and successful writes since the server started. */
      failures: z.number(),
      writes: z.number(),
      /** `Date.now()` of the last successful write, and the samples it holds (null before the first). */
      savedAt: z.number().nullable(),
      savedN: z.number().nullable(),
    })
    .nullable(),
});
export type StatusMessage = z.infer<typeof StatusMessage>;

/** `prediction`: the answer to `predict`. */
export const Prediction = z.object({
  type: z.literal('prediction'),
  id: MessageId,
  probabilities: z.array(z.number()),
  classes: z.array(z.union([z.literal(0), z.literal(1)])),
});
export type Prediction = z.infer<typeof Prediction>;

/**
 * `label-ack`: the answer to `label`: what became of each label, in order
 * (`labelled`; `late`: its prediction expired or was evicted; `unknown`: no
 * prediction was served under that id; `duplicate`: already labelled;
 * `rejected`: not a valid label, see `rejected`), and the counts.
 */
export const LabelAck = z.object({
  type: z.literal('label-ack'),
  id: MessageId,
  outcomes: z.array(LabelOutcome),
  labelled: z.number(),
  late: z.number(),
  unknown: z.number(),
  duplicate: z.number(),
  /** The first {@link MAX_REPORTED_REJECTIONS} invalid labels, by index, with their reasons. */
  rejected: z.array(z.object({ index: z.number(), reason: z.string() })),
  rejectedCount: z.number(),
  /** Predictions still waiting for their labels. */
  pending: z.number(),
});
export type LabelAck = z.infer<typeof LabelAck>;

/** `control-ack`: the answer to `control`. */
export const ControlAck = z.object({
  type: z.literal('control-ack'),
  id: MessageId,
  action: ControlAction,
  paused: z.boolean(),
  lr: Num,
});
export type ControlAck = z.infer<typeof ControlAck>;

/** The codes of an `error` message. */
export const ErrorCode = z.enum(['bad-json', 'bad-message', 'unknown-type', 'unauthorized', 'bad-request', 'internal']);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** `error`: a refused message; the connection stays open. */
export const ErrorMessage = z.object({
  type: z.literal('error'),
  code: ErrorCode,
  id: MessageId.optional(),
  message: z.string(),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

/** `subscribed`: the answer to `subscribe`, with the rate granted. */
export const Subscribed = z.object({
  type: z.literal('subscribed'),
  id: MessageId.optional(),
  streams: z.array(StreamName),
  maxRate: z.number(),
});
export type Subscribed = z.infer<typeof Subscribed>;

/**
 * `cluster`: sent after `snapshot` and about once a second by a gateway that
 * follows a learner running elsewhere (`rxlogit serve --follow`): which
 * process leads, the learner's lag (pending input messages) and the age of
 * the newest model version. Never sent by a server with its own learner.
 */
export const ClusterMessage = z.object({
  type: z.literal('cluster'),
  model: z.string(),
  holder: z.string().nullable(),
  pending: Num,
  modelVersion: Num,
  modelRevision: Num,
  modelAgeMs: Num,
  statusAgeMs: Num,
  sequence: Num,
});
export type ClusterMessage = z.infer<typeof ClusterMessage>;

/** Any message the server sends. */
export const ServerMessage = z.discriminatedUnion('type', [
  Hello,
  Snapshot,
  StepMessage,
  ViewMessage,
  Ack,
  Prediction,
  ControlAck,
  LabelAck,
  ErrorMessage,
  Subscribed,
  ClusterMessage,
  StatusMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** WebSocket close codes used by the server. */
export const CloseCode = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** Policy: message rate limit exceeded, or the client stayed stuck too long. */
  policy: 1008,
  /** A frame over `maxPayload` (closed by `ws` itself). */
  tooBig: 1009,
  /** A text frame that is not valid UTF-8 (closed by `ws` itself). */
  invalidPayload: 1007,
} as const;

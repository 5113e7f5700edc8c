/**
 * The client → server half of the WebSocket protocol (see `protocol.ts`, which
 * re-exports it): the ids, stream names and limits both halves share, and one
 * strict zod schema per message a client may send.
 *
 * @module
 */
import * as z from 'zod';
import { EventToServe } from './event-protocol.js';

/** The protocol version carried by `hello`. */
export const PROTOCOL_VERSION = 1;

/** A request id chosen by the client and echoed in the answer. */
export const MessageId = z.union([z.string().max(128), z.number().finite()]);
export type MessageId = z.infer<typeof MessageId>;

/** The streams a client may subscribe to. */
export const StreamName = z.enum(['steps', 'view']);
export type StreamName = z.infer<typeof StreamName>;

/** The largest `maxRate` a client may ask for, in messages per second. */
export const MAX_SUBSCRIBE_RATE = 60;

// ─── client → server ─────────────────────────────────────────────────────────

/** `subscribe`: which streams to receive and at most how many steps per second (default 10). */
export const Subscribe = z.strictObject({
  type: z.literal('subscribe'),
  id: MessageId.optional(),
  streams: z.array(StreamName).max(2),
  maxRate: z.number().positive().max(MAX_SUBSCRIBE_RATE).optional(),
});
export type Subscribe = z.infer<typeof Subscribe>;

/**
 * `samples`: a batch to learn from (needs the write token). Each sample is
 * checked by the learner, so one bad sample is reported by its index in the
 * `ack` instead of refusing the batch. `durable: true` asks for the ack only
 * after a checkpoint holding these samples has been written.
 */
/** The most samples one `samples` message may carry. */
export const MAX_SAMPLES_PER_MESSAGE = 10_000;

export const SamplesMessage = z.strictObject({
  type: z.literal('samples'),
  id: MessageId,
  // At most 10,000 a message: checking that many junk items takes ~80 ms, so one writer cannot stall the server for long.
  samples: z.array(z.unknown()).min(1).max(MAX_SAMPLES_PER_MESSAGE),
  durable: z.boolean().optional(),
});
export type SamplesMessage = z.infer<typeof SamplesMessage>;

/** The most rows one `predict` may carry (a writer's limit; readers get `maxPredictRows` in `hello.limits`, 1,000 by default). */
export const MAX_PREDICT_ROWS = 100_000;

/** The most rejections an `ack` repeats with their reasons; `rejectedCount` counts them all. */
export const MAX_REPORTED_REJECTIONS = 100;

/**
 * `predict`: rows of inputs `x`, or raw `events` for the event learner (an
 * event with an `id` is remembered until its `label` comes; that needs the
 * write token), answered by a `prediction` in the same order.
 */
export const Predict = z
  .strictObject({
    type: z.literal('predict'),
    id: MessageId,
    x: z.array(z.array(z.number())).min(1).max(MAX_PREDICT_ROWS).optional(),
    events: z.array(EventToServe).min(1).max(MAX_PREDICT_ROWS).optional(),
  })
  .refine((m) => (m.x === undefined) !== (m.events === undefined), { message: 'a "predict" carries either "x" (rows of numbers) or "events" (named features), not both or neither', path: ['x'] });
export type Predict = z.infer<typeof Predict>;

/** The most labels one `label` message may carry. */
export const MAX_LABELS_PER_MESSAGE = 10_000;

/**
 * `label`: the labels of predictions served earlier under their ids (needs
 * the write token). Each is checked on its own (a bad one is reported by
 * index in the `label-ack`); each good one learns from the features its
 * prediction was served for and scores the prediction that was served.
 */
export const LabelMessage = z.strictObject({
  type: z.literal('label'),
  id: MessageId,
  labels: z.array(z.unknown()).min(1).max(MAX_LABELS_PER_MESSAGE),
});
export type LabelMessage = z.infer<typeof LabelMessage>;

/** The actions of a `control` message. */
export const ControlAction = z.enum(['pause', 'resume', 'reset', 'set-learning-rate']);
export type ControlAction = z.infer<typeof ControlAction>;

/** `control`: pause, resume, reset or set the learning rate (needs the write token). */
export const Control = z
  .strictObject({
    type: z.literal('control'),
    id: MessageId,
    action: ControlAction,
    lr: z.number().positive().finite().optional(),
  })
  .refine((m) => (m.action === 'set-learning-rate') === (m.lr !== undefined), {
    message: 'lr is required with action "set-learning-rate" and allowed with no other action',
    path: ['lr'],
  });
export type Control = z.infer<typeof Control>;

/** Schemas of the client messages, by `type`. */
export const CLIENT_MESSAGES = {
  subscribe: Subscribe,
  samples: SamplesMessage,
  predict: Predict,
  control: Control,
  label: LabelMessage,
} as const;

/** Any message a client may send. */
export type ClientMessage = Subscribe | SamplesMessage | Predict | Control | LabelMessage;

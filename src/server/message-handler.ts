import type { RawData } from 'ws';
import type { Broadcaster } from './broadcaster.js';
import type { CheckpointLag } from './checkpoint-lag.js';
import type { CheckpointStatus } from './checkpoint-status.js';
import type { ClientChannel } from './client-channel.js';
import type { LearnerFeed } from './learner-feed.js';
import type { ServerLearner } from './learner-port.js';
import { describeError } from './guard-handlers.js';
import { parseClientMessage } from './parse-client-message.js';
import { CloseCode, MAX_REPORTED_REJECTIONS } from './protocol.js';
import type { Control, LabelMessage, MessageId, Predict, SamplesMessage, Subscribe } from './protocol.js';
import type { ServerEventLearner } from './event-learner-port.js';
import { applyLabels, learnEvents, NO_EVENT_LEARNER, serveEvents } from './event-messages.js';
import { learnerClosed, sendError, unauthorized } from './handler-replies.js';
import { bothSaved, mergeResults, splitItems } from './sample-items.js';

/** What the handler works with. */
export interface HandlerContext {
  readonly learner: ServerLearner;
  readonly feed: LearnerFeed;
  readonly broadcaster: Broadcaster;
  /** The model's number of inputs. */
  readonly inputs: number;
  /** Messages per second a client may send (for the close reason). */
  readonly maxMessagesPerSecond: number;
  /** How far the learner runs ahead of its checkpoint (default: plain acks never wait). */
  readonly checkpointLag?: CheckpointLag;
  /** Where unexpected failures are reported (default: nowhere). */
  readonly log?: (line: string) => void;
  /** Whether the checkpoint is failing (default: never said in acks). */
  readonly checkpointStatus?: CheckpointStatus;
  /** The event learner, for `features` items, `predict` with `events` and `label` (default: none, and they are refused). */
  readonly events?: ServerEventLearner | undefined;
}

/**
 * Handles one incoming frame of a client: rate limit (close 1008 when over),
 * parsing (an `error` answer when bad, the connection stays open), the write
 * right, then the message itself. Never throws and never rejects: an
 * unexpected failure (inside the learner, say) is logged and answered with an
 * `error` of code `internal`, and nothing here touches other clients.
 *
 * @param ctx - the learner, the feed, the broadcaster and the limits
 * @param channel - the client
 * @param data - the frame as `ws` delivers it
 * @param isBinary - whether it was a binary frame (refused: the protocol is JSON text)
 * @example
 * ```ts
 * ws.on('message', (data, isBinary) => void handleMessage(ctx, channel, data, isBinary));
 * ```
 */
export function handleMessage(ctx: HandlerContext, channel: ClientChannel, data: RawData, isBinary: boolean): Promise<void> {
  // Answers leave in message order: behind a sliced prediction, later messages wait their turn.
  const prior = inFlight.get(channel);
  if (prior === undefined) return handleNow(ctx, channel, data, isBinary);
  const next = prior.then(() => handleNow(ctx, channel, data, isBinary));
  inFlight.set(channel, next);
  void next.finally(() => {
    if (inFlight.get(channel) === next) inFlight.delete(channel);
  });
  return next;
}

/** Each client's last message still being handled over several turns of the event loop (a sliced prediction). */
const inFlight = new WeakMap<ClientChannel, Promise<void>>();

async function handleNow(ctx: HandlerContext, channel: ClientChannel, data: RawData, isBinary: boolean): Promise<void> {
  try {
    await dispatch(ctx, channel, data, isBinary);
  } catch (error) {
    internalError(ctx, channel, error);
  }
}

/**
 * Answers an unexpected failure: logged on the server, and an `internal`
 * error to the client (the message was fine; the server failed on it).
 *
 * @param id - the message's id, when it had one
 */
export function internalError(ctx: Pick<HandlerContext, 'log'>, channel: ClientChannel, error: unknown, what = 'a message', id?: MessageId): void {
  ctx.log?.(`internal error while handling ${what}: ${describeError(error)}`);
  try {
    sendError(channel, 'internal', `the server failed on ${what}; the failure is logged on the server`, id);
  } catch {
    // The socket itself failed: nothing more to tell this client.
  }
}

async function dispatch(ctx: HandlerContext, channel: ClientChannel, data: RawData, isBinary: boolean): Promise<void> {
  if (channel.closing) return;
  if (!channel.admit()) {
    channel.closing = true;
    channel.ws.close(CloseCode.policy, `rate limit exceeded: at most ${ctx.maxMessagesPerSecond} messages per second`);
    return;
  }
  if (isBinary) return sendError(channel, 'bad-json', 'binary frames are not accepted: send JSON text');
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  // Every message costs at least its size in rows (16 bytes a row) before it is even parsed.
  const minimum = Math.ceil(bytes.length / BYTES_PER_ROW);
  const waited = channel.spend(minimum);
  if (waited !== undefined) {
    await waited;
    if (channel.closing || !channel.open) return;
  }
  const parsed = parseClientMessage(bytes.toString('utf8'), { maxPredictRows: channel.maxPredictRows });
  if (!parsed.ok) return sendError(channel, parsed.code, parsed.reason, parsed.id);
  const message = parsed.message;
  try {
    switch (message.type) {
      case 'subscribe':
        return subscribe(ctx, channel, message);
      case 'samples':
        channel.budget.charge(Math.max(0, message.samples.length - minimum));
        return await samples(ctx, channel, message);
      case 'predict':
        channel.budget.charge(Math.max(0, (message.x ?? message.events ?? []).length - minimum));
        return await predict(ctx, channel, message);
      case 'control':
        return control(ctx, channel, message);
      case 'label':
        channel.budget.charge(Math.max(0, message.labels.length - minimum));
        return label(ctx, channel, message);
    }
  } catch (error) {
    internalError(ctx, channel, error, `this "${message.type}"`, message.id);
  }
}

function subscribe(ctx: HandlerContext, channel: ClientChannel, message: Subscribe): void {
  channel.streams = new Set(message.streams);
  if (message.maxRate !== undefined) ctx.broadcaster.setRate(channel, message.maxRate);
  if (message.id !== undefined) {
    channel.send(JSON.stringify({ type: 'subscribed', id: message.id, streams: [...channel.streams], maxRate: channel.rate }));
  }
}

async function samples(ctx: HandlerContext, channel: ClientChannel, message: SamplesMessage): Promise<void> {
  if (ctx.learner.readOnly !== undefined) return sendError(channel, 'bad-request', `samples are refused: ${ctx.learner.readOnly}`, message.id);
  if (!channel.canWrite) return unauthorized(channel, 'sending samples', message.id);
  const { learner } = ctx;
  if (learner.closed === true) return learnerClosed(channel, message.id);
  const durable = message.durable === true;
  if (durable && (learner.checkpoint === undefined || learner.config?.checkpoint === undefined)) {
    return sendError(channel, 'bad-request', 'durable acks need a checkpoint: start the server with --checkpoint PATH', message.id);
  }
  // Items with named features go to the event learner, samples { x, t } to the learner.
  const split = splitItems(message.samples);
  const { events } = ctx;
  if (durable && split.events.length > 0 && events?.checkpointPath === undefined) {
    return sendError(channel, 'bad-request', 'durable acks of events need an event checkpoint (rxlogit serve --events-checkpoint PATH, or an EventStreamLearner with a checkpointPath)', message.id);
  }
  const result = split.events.length === 0 ? ctx.feed.push(message.samples) : mergeResults(ctx.feed.push(split.samples), split.sampleIndex, learnEvents(events, split.events));
  // The ack repeats the first rejections only: 10,000 junk samples made a 17 MB ack.
  const rejected = result.rejected.length > MAX_REPORTED_REJECTIONS ? result.rejected.slice(0, MAX_REPORTED_REJECTIONS) : result.rejected;
  const ack = {
    type: 'ack',
    id: message.id,
    accepted: result.accepted,
    rejected,
    rejectedCount: result.rejected.length,
    n: learner.currentStep().n,
    ...(events === undefined ? {} : { events: events.scores().seen }),
  };
  // A durable ack waits for a checkpoint; so does a plain one once the learner has run more than the
  // checkpoint interval ahead of the last checkpoint written (a crash then loses at most that interval).
  const denseSave = durable || ctx.checkpointLag?.behind(ack.n) === true ? learner.checkpoint?.() : undefined;
  const save = durable && split.events.length > 0 ? bothSaved(split.samples.length > 0 ? denseSave : undefined, events!.checkpoint()) : denseSave;
  const earlier = pendingAcks.get(channel);
  // A plain ack says when the checkpoint is failing: the samples were learned but are not safe from a crash.
  const failing = (): { checkpointError?: string } => {
    const error = ctx.checkpointStatus?.state?.error;
    return error === null || error === undefined ? {} : { checkpointError: error };
  };
  if (save === undefined && earlier === undefined) return channel.send(JSON.stringify({ ...ack, ...failing() }));
  // Acks leave in the order of their messages, even when an earlier one waits for a write.
  const sent = (async () => {
    await earlier;
    let saved;
    try {
      saved = await save;
    } catch (error) {
      saved = { ok: false, error };
    }
    if (!durable) return channel.send(JSON.stringify({ ...ack, ...failing() }));
    if (saved?.ok !== true) {
      const why = saved?.error instanceof Error ? saved.error.message : 'no checkpoint was written';
      return sendError(channel, 'bad-request', `the samples were learned but the checkpoint failed: ${why}`, message.id);
    }
    channel.send(JSON.stringify({ ...ack, durable: true }));
  })();
  pendingAcks.set(channel, sent);
  await sent;
  if (pendingAcks.get(channel) === sent) pendingAcks.delete(channel);
}

/** Each client's last ack still waiting for a checkpoint. */
const pendingAcks = new WeakMap<ClientChannel, Promise<void>>();

/** Rows predicted between two turns of the event loop: about a millisecond of work. */
export const PREDICT_SLICE = 2000;
/** What one row costs of the work budget in bytes of message, at least. */
const BYTES_PER_ROW = 16;

async function predict(ctx: HandlerContext, channel: ClientChannel, message: Predict): Promise<void> {
  if (message.events !== undefined) {
    const served = serveEvents(ctx.events, message.events, channel.canWrite);
    if ('error' in served) return sendError(channel, served.error.code, served.error.message, message.id);
    const classes = served.probabilities.map((p) => (p > 0.5 ? 1 : 0));
    return channel.send(JSON.stringify({ type: 'prediction', id: message.id, probabilities: served.probabilities, classes }));
  }
  const x = message.x!;
  for (let i = 0; i < x.length; i++) {
    if (x[i]!.length !== ctx.inputs) {
      return sendError(channel, 'bad-message', `bad "predict" message: x[${i}] has ${x[i]!.length} values, expected ${ctx.inputs}`, message.id);
    }
  }
  if (x.length <= PREDICT_SLICE) return answerPrediction(ctx, channel, message);
  // In slices: other clients' steps, the learner and GET / go on between them; the client is not read
  // meanwhile, and its later messages wait for this answer.
  const release = channel.holdWhileBusy();
  const work = answerPrediction(ctx, channel, message).finally(release);
  // What later messages wait for: settles when the answer is out, never rejects (a failure is answered by dispatch).
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  const before = inFlight.get(channel);
  const turn = before === undefined ? settled : before.then(() => settled);
  inFlight.set(channel, turn);
  void turn.then(() => {
    if (inFlight.get(channel) === turn) inFlight.delete(channel);
  });
  return work;
}

async function answerPrediction(ctx: HandlerContext, channel: ClientChannel, message: Predict): Promise<void> {
  const x = message.x!;
  const probabilities = new Array<number>(x.length);
  {
    for (let start = 0; start < x.length; start += PREDICT_SLICE) {
      if (start > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (channel.closing || !channel.open) return;
      }
      const end = Math.min(x.length, start + PREDICT_SLICE);
      for (let i = start; i < end; i++) probabilities[i] = ctx.learner.predictProba(x[i]!);
    }
    const classes = probabilities.map((p) => (p > 0.5 ? 1 : 0));
    channel.send(JSON.stringify({ type: 'prediction', id: message.id, probabilities, classes }));
  }
}

function control(ctx: HandlerContext, channel: ClientChannel, message: Control): void {
  if (ctx.learner.readOnly !== undefined) return sendError(channel, 'bad-request', `the "${message.action}" control is refused: ${ctx.learner.readOnly}`, message.id);
  if (!channel.canWrite) return unauthorized(channel, `the "${message.action}" control`, message.id);
  const { learner } = ctx;
  if (learner.closed === true) return learnerClosed(channel, message.id);
  switch (message.action) {
    case 'pause':
      learner.pause();
      break;
    case 'resume':
      learner.resume();
      break;
    case 'reset':
      learner.reset();
      break;
    case 'set-learning-rate':
      learner.setLearningRate(message.lr!);
      break;
  }
  ctx.feed.refresh();
  channel.send(JSON.stringify({ type: 'control-ack', id: message.id, action: message.action, paused: learner.paused, lr: learner.currentStep().lr }));
}

function label(ctx: HandlerContext, channel: ClientChannel, message: LabelMessage): void {
  if (!channel.canWrite) return unauthorized(channel, 'sending labels', message.id);
  if (ctx.events === undefined) return sendError(channel, 'bad-request', `labels are refused: ${NO_EVENT_LEARNER}`, message.id);
  channel.send(JSON.stringify({ type: 'label-ack', id: message.id, ...applyLabels(ctx.events, message.labels) }));
}

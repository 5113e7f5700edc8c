import { AckPolicy, DeliverPolicy, jetstreamManager, StorageType } from '@nats-io/jetstream';
import type { ConsumerInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureDeadLetterStream } from './dead-letters.js';

/** What a stream learner needs on the broker. */
export interface PrepareStreamOptions {
  /** The stream (default `SAMPLES`). */
  stream?: string;
  /** The stream's subject when creating it, and the consumer's filter (default `samples.>`). */
  subject?: string;
  /** The durable pull consumer. */
  consumer: string;
  /** Create what is missing (default false: a missing stream or consumer is an error naming it). */
  create?: boolean;
  /** Stream replicas when creating (default 1). */
  replicas?: number;
  /** The consumer's bound on unacknowledged messages when creating (default 1,000). */
  maxAckPending?: number;
  /** The consumer's ack wait in ms when creating (default 30,000). */
  ackWaitMs?: number;
  /** With `create`: make sure a stream stores this dead-letter subject, so that dead letters are deduplicated. */
  deadLetterSubject?: string;
}

/** A stream or consumer that is missing or unfit for learning. */
export class StreamSetupError extends Error {
  override readonly name = 'StreamSetupError';
}

/**
 * Checks (or with `create`, creates) the stream and the durable pull
 * consumer a learner reads: file storage, explicit acks, a bounded number of
 * unacknowledged messages; with `create` and `deadLetterSubject`, also a
 * stream for the dead letters (`RXLOGIT_DEAD` on `rxlogit.*.dead`, 1-hour
 * duplicate window) unless one stores that subject already.
 *
 * @returns the consumer's info
 * @throws StreamSetupError naming what is missing or wrong
 * @example
 * ```ts
 * await prepareStream(nc, { stream: 'SAMPLES', subject: 'samples.>', consumer: 'learner', create: true });
 * ```
 */
export async function prepareStream(nc: NatsConnection, options: PrepareStreamOptions): Promise<ConsumerInfo> {
  const stream = options.stream ?? 'SAMPLES';
  const subject = options.subject ?? 'samples.>';
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(stream);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    if (options.create !== true) throw new StreamSetupError(`the stream "${stream}" does not exist (create it with --create, or: nats stream add ${stream} --subjects '${subject}')`);
    await jsm.streams.add({ name: stream, subjects: [subject], storage: StorageType.File, num_replicas: options.replicas ?? 1 });
  }
  let info: ConsumerInfo;
  try {
    info = await jsm.consumers.info(stream, options.consumer);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    if (options.create !== true) throw new StreamSetupError(`the consumer "${options.consumer}" of stream "${stream}" does not exist (create it with --create)`);
    info = await jsm.consumers.add(stream, {
      durable_name: options.consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      max_ack_pending: options.maxAckPending ?? 1_000,
      ack_wait: nanos(options.ackWaitMs ?? 30_000),
    });
  }
  if (options.create === true && options.deadLetterSubject !== undefined) await ensureDeadLetterStream(nc, options.deadLetterSubject, options.replicas ?? 1);
  if (info.config.ack_policy !== AckPolicy.Explicit) {
    throw new StreamSetupError(`the consumer "${options.consumer}" acks "${info.config.ack_policy}": a learner needs explicit acks`);
  }
  if (info.config.deliver_subject !== undefined && info.config.deliver_subject !== '') {
    throw new StreamSetupError(`the consumer "${options.consumer}" is a push consumer: a learner needs a pull consumer`);
  }
  return info;
}

function isNotFound(e: unknown): boolean {
  return e instanceof Error && /not found/i.test(e.message);
}

import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import { Observable } from 'rxjs';
import { BrokerUnavailableError, whileBrokerUnavailable } from './broker-unavailable.js';
import { DeadLetterPublisher } from './dead-letters.js';
import { parseSampleMessage } from './sample-message.js';
import type { SampleMessageBlock } from './sample-message.js';

/**
 * One stream message as a learner receives it, in stream order.
 *
 * - `samples`: its valid samples (row-major), each with its index in the message, and its rejections;
 * - `dead`: it could not be parsed at all: it was terminated and republished to the dead-letter subject
 *   (`firstTime` false: the dead-letter stream already held it, from a learner killed before its checkpoint);
 * - `duplicate`: it was handed out before (a redelivery): it carries no samples, only needs an ack.
 *
 * @example
 * ```ts
 * fromJetStream({ nc, stream: 'SAMPLES', consumer: 'learner', inputs: 2 }).subscribe((m) => {
 *   if (m.kind === 'samples') console.log(m.sequence, m.block.count, m.block.index);
 * });
 * ```
 */
export type JetStreamMessage =
  | { readonly kind: 'samples'; readonly sequence: number; readonly subject: string; readonly block: SampleMessageBlock; readonly message?: JsMsg }
  | { readonly kind: 'dead'; readonly sequence: number; readonly subject: string; readonly reason: string; readonly firstTime: boolean; readonly message?: JsMsg }
  | { readonly kind: 'duplicate'; readonly sequence: number; readonly message: JsMsg };

/** Options of {@link fromJetStream}. */
export interface FromJetStreamOptions {
  /** An open connection (see `connectBroker`). */
  nc: NatsConnection;
  /** The stream's name. */
  stream: string;
  /** A durable pull consumer on it with explicit acks. */
  consumer: string;
  /** The model's number of inputs: samples of another width are rejections. */
  inputs: number;
  /** Hand out only messages after this stream sequence (default: the consumer's ack floor). */
  after?: number;
  /** Messages buffered by each pull (default 64). */
  maxMessages?: number;
  /** Where unparseable messages are republished (default none: they are only terminated). */
  deadLetterSubject?: string;
  /** Fail after the broker has not answered for this long (default 60,000 ms). */
  patienceMs?: number;
}

/**
 * A source of samples from a JetStream durable pull consumer. Messages come
 * out in stream order with no gap and no repeat, whatever the consumer does:
 * a redelivery of a message already handed out is a `duplicate`, and a
 * message the consumer skipped (delivered to a learner that died, lost in a
 * reconnect) is fetched from the stream directly before the ones after it.
 *
 * Nothing is acknowledged here: the learner acks each message once a
 * durable checkpoint covers it. Messages that cannot be parsed are
 * republished with their reason in the `Rxlogit-Reason` header to
 * `deadLetterSubject` (deduplicated by stream sequence when a stream stores
 * it), then terminated (never redelivered).
 *
 * The Observable never completes: it fails when the stream or the consumer is
 * missing, when the broker has not answered for `patienceMs`, or when the
 * consumer's feed ends; it stops pulling when unsubscribed (unacked messages
 * go back to the consumer).
 *
 * @example
 * ```ts
 * const sub = fromJetStream({ nc, stream: 'SAMPLES', consumer: 'learner', inputs: 2, after: 0 })
 *   .subscribe((m) => m.kind === 'samples' && console.log(m.block.count));
 * ```
 */
export function fromJetStream(options: FromJetStreamOptions): Observable<JetStreamMessage> {
  return new Observable<JetStreamMessage>((subscriber) => {
    let stopped = false;
    let stop: (() => void) | undefined;
    void (async () => {
      const { nc, stream, inputs } = options;
      const js = jetstream(nc);
      const patience = { ...(options.patienceMs === undefined ? {} : { patienceMs: options.patienceMs }) };
      // A cluster electing its stream or consumer leader answers nothing for a while: wait, do not fail.
      const jsm = await whileBrokerUnavailable('reaching JetStream', () => jetstreamManager(nc), patience);
      const consumer = await whileBrokerUnavailable(`opening the consumer "${options.consumer}" of stream "${stream}"`, () => js.consumers.get(stream, options.consumer), patience);
      const info = await whileBrokerUnavailable(`reading the consumer "${options.consumer}"`, () => consumer.info(), patience);
      const filter = info.config.filter_subject ?? '>';
      let position = options.after ?? info.ack_floor.stream_seq;
      const dead = options.deadLetterSubject === undefined ? undefined : await DeadLetterPublisher.open(nc, options.deadLetterSubject, patience);
      const emit = async (sequence: number, subject: string, data: Uint8Array, message?: JsMsg): Promise<void> => {
        const block = parseSampleMessage(data, inputs);
        if (block.ok) {
          subscriber.next(message === undefined ? { kind: 'samples', sequence, subject, block } : { kind: 'samples', sequence, subject, block, message });
          return;
        }
        // Dead-lettered (once per stream message: see DeadLetterPublisher) before it is terminated.
        const firstTime = dead === undefined ? true : await dead.publish({ stream, sequence, subject, data, reason: block.reason });
        message?.term(); // no reason: servers before 2.10.4 ignore "+TERM <reason>"; the dead letter carries it
        const out = { kind: 'dead', sequence, subject, reason: block.reason, firstTime } as const;
        subscriber.next(message === undefined ? out : { ...out, message });
      };
      /** Hands out, from the stream itself, the messages between `position` and `upTo` that the consumer skipped. */
      const fillGap = async (upTo: number): Promise<void> => {
        while (position + 1 < upTo && !stopped) {
          const query = { seq: position + 1, next_by_subj: filter } as unknown as { seq: number };
          const stored = await whileBrokerUnavailable(`reading message ${position + 1} of stream "${stream}"`, () => jsm.streams.getMessage(stream, query), patience);
          if (stored === null || stored.seq >= upTo) return;
          position = stored.seq;
          await emit(stored.seq, stored.subject, stored.data);
        }
      };
      const messages = await consumer.consume({ max_messages: options.maxMessages ?? 64 });
      stop = () => void messages.stop();
      if (stopped) stop();
      // Messages delivered to an earlier learner and not acked come back only after the ack wait: take them now.
      await fillGap(info.delivered.stream_seq + 1);
      for await (const m of messages) {
        if (stopped) break;
        const seq = m.seq;
        if (seq <= position) {
          subscriber.next({ kind: 'duplicate', sequence: seq, message: m });
          continue;
        }
        if (seq !== position + 1) await fillGap(seq);
        if (stopped) break;
        position = seq;
        await emit(seq, m.subject, m.data, m);
      }
      // The consumer's feed ends by itself only on a fault (the connection closed, the consumer deleted):
      // never "all learned", which a learner would take for a clean end.
      if (!stopped) subscriber.error(new BrokerUnavailableError(`the message feed of consumer "${options.consumer}" ended`));
    })().catch((e: unknown) => {
      if (!stopped) subscriber.error(e);
    });
    return () => {
      stopped = true;
      stop?.();
    };
  });
}

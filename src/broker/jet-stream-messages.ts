import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Observable } from 'rxjs';
import { BrokerUnavailableError, whileBrokerUnavailable } from './broker-unavailable.js';

/**
 * One stream message, unparsed, in stream order: `message` once (its payload), or `duplicate` for a
 * redelivery of one handed out before (it only needs an ack). A message read from the stream itself
 * (a gap the consumer skipped) has no `JsMsg`: nothing to ack.
 */
export type JetStreamRawMessage =
  | { readonly kind: 'message'; readonly sequence: number; readonly subject: string; readonly data: Uint8Array; readonly message?: JsMsg }
  | { readonly kind: 'duplicate'; readonly sequence: number; readonly message: JsMsg };

/** Options of {@link fromJetStreamMessages}. */
export interface JetStreamMessagesOptions {
  /** An open connection (see `connectBroker`). */
  nc: NatsConnection;
  /** The stream's name. */
  stream: string;
  /** A durable pull consumer on it with explicit acks. */
  consumer: string;
  /** Hand out only messages after this stream sequence (default: the consumer's ack floor). */
  after?: number;
  /** Messages buffered by each pull (default 64). */
  maxMessages?: number;
  /** Fail after the broker has not answered for this long (default 60,000 ms). */
  patienceMs?: number;
}

/**
 * The messages of a JetStream durable pull consumer, unparsed, in stream
 * order with no gap and no repeat, whatever the consumer does: a redelivery
 * of a message already handed out is a `duplicate`, and a message the
 * consumer skipped (delivered to a learner that died, lost in a reconnect) is
 * fetched from the stream directly before the ones after it. Nothing is
 * acknowledged here. The Observable never completes: it fails when the stream
 * or the consumer is missing, when the broker has not answered for
 * `patienceMs`, or when the consumer's feed ends; it stops pulling when
 * unsubscribed (unacked messages go back to the consumer).
 *
 * @example
 * ```ts
 * fromJetStreamMessages({ nc, stream: 'SAMPLES', consumer: 'learner', after: 0 })
 *   .subscribe((m) => m.kind === 'message' && console.log(m.sequence, m.data.length));
 * ```
 */
export function fromJetStreamMessages(options: JetStreamMessagesOptions): Observable<JetStreamRawMessage> {
  return new Observable<JetStreamRawMessage>((subscriber) => {
    let stopped = false;
    let stop: (() => void) | undefined;
    void (async () => {
      const { nc, stream } = options;
      const js = jetstream(nc);
      const patience = { ...(options.patienceMs === undefined ? {} : { patienceMs: options.patienceMs }) };
      // A cluster electing its stream or consumer leader answers nothing for a while: wait, do not fail.
      const jsm = await whileBrokerUnavailable('reaching JetStream', () => jetstreamManager(nc), patience);
      const consumer = await whileBrokerUnavailable(`opening the consumer "${options.consumer}" of stream "${stream}"`, () => js.consumers.get(stream, options.consumer), patience);
      const info = await whileBrokerUnavailable(`reading the consumer "${options.consumer}"`, () => consumer.info(), patience);
      const filter = info.config.filter_subject ?? '>';
      let position = options.after ?? info.ack_floor.stream_seq;
      const hand = (sequence: number, subject: string, data: Uint8Array, message?: JsMsg): void => {
        subscriber.next(message === undefined ? { kind: 'message', sequence, subject, data } : { kind: 'message', sequence, subject, data, message });
      };
      /** Hands out, from the stream itself, the messages between `position` and `upTo` that the consumer skipped. */
      const fillGap = async (upTo: number): Promise<void> => {
        while (position + 1 < upTo && !stopped) {
          const query = { seq: position + 1, next_by_subj: filter } as unknown as { seq: number };
          const stored = await whileBrokerUnavailable(`reading message ${position + 1} of stream "${stream}"`, () => jsm.streams.getMessage(stream, query), patience);
          if (stored === null || stored.seq >= upTo) return;
          position = stored.seq;
          hand(stored.seq, stored.subject, stored.data);
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
        hand(seq, m.subject, m.data, m);
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

import type { NatsConnection } from '@nats-io/transport-node';
import type { JsMsg } from '@nats-io/jetstream';
import { concatMap, defer } from 'rxjs';
import type { Observable } from 'rxjs';
import { DeadLetterPublisher, setAside } from './dead-letters.js';
import { fromJetStreamMessages } from './jet-stream-messages.js';
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
  const { nc, stream, inputs } = options;
  const patience = options.patienceMs === undefined ? {} : { patienceMs: options.patienceMs };
  return defer(async () => (options.deadLetterSubject === undefined ? undefined : await DeadLetterPublisher.open(nc, options.deadLetterSubject, patience))).pipe(
    concatMap((dead) =>
      fromJetStreamMessages(options).pipe(
        // In order: an unparseable message is dead-lettered (and terminated) before the next is handed out.
        concatMap(async (m): Promise<JetStreamMessage> => {
          if (m.kind === 'duplicate') return m;
          const { sequence, subject, data, message } = m;
          const block = parseSampleMessage(data, inputs);
          if (block.ok) return message === undefined ? { kind: 'samples', sequence, subject, block } : { kind: 'samples', sequence, subject, block, message };
          const firstTime = await setAside(dead, { stream, sequence, subject, data, reason: block.reason }, message);
          const out = { kind: 'dead', sequence, subject, reason: block.reason, firstTime } as const;
          return message === undefined ? out : { ...out, message };
        }),
      ),
    ),
  );
}

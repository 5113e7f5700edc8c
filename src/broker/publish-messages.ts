/**
 * Publishing to JetStream with acknowledgements and a bounded number of
 * messages in flight: the `rxlogit publish` engine, also usable alone.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { publishThrough } from './publish-engine.js';
import type { PublishTarget } from './publish-engine.js';

/** One message to publish, and what it carries (for progress and messages). */
export interface OutgoingMessage {
  readonly data: Uint8Array;
  /** Samples in the message. */
  readonly samples: number;
  /** A label for errors, such as `lines 1001-2000`. */
  readonly label: string;
}

/** Options of {@link publishMessages}. */
export interface PublishMessagesOptions {
  /** Messages published and not yet acknowledged, at most (default 64). */
  readonly maxInFlight?: number;
  /** Milliseconds to wait for each acknowledgement (default 10,000). */
  readonly ackTimeoutMs?: number;
  /** Called after each acknowledgement, with the totals so far. */
  readonly onAck?: (totals: PublishTotals) => void;
  /**
   * Keep retrying for this long (default 60,000 ms) while the stream does not answer (no responders,
   * timeouts: a stream leader election, a restarting server), counted from the first failure with no
   * acknowledgement since; then fail.
   */
  readonly patienceMs?: number;
  /**
   * Message n carries the msg id `<msgIdPrefix>:<n>` (`Nats-Msg-Id`), so a message sent again is stored
   * once. Default: `rxlogit-<random uuid>`, new each run; pass a previous run's prefix to re-run the same
   * input without storing again what it stored (within the stream's duplicate window, 2 min by default).
   */
  readonly msgIdPrefix?: string;
  /**
   * Allow other writers to publish to the stream meanwhile (default false). By default every message
   * expects the stream's last sequence to be its predecessor's (`Nats-Expected-Last-Sequence`), so
   * that no message is ever stored after a missing one and the stream keeps the input's order exactly;
   * a message of another writer then fails the publish. With `sharedStream`, a message retried after
   * a failure may be stored after later ones (each still once, thanks to its msg id).
   */
  readonly sharedStream?: boolean;
  /** Called before each retry after a transient failure (the message, the error). */
  readonly onRetry?: (retry: { label: string; error: Error }) => void;
}

/** What was published and acknowledged. */
export interface PublishTotals {
  messages: number;
  samples: number;
  /** The stream that stored the messages, and the sequence of the last one acknowledged. */
  stream: string | undefined;
  lastSequence: number | undefined;
}

// The error has its own file, so that the engine can throw it without importing this module back.
export { PublishError } from './publish-error.js';

/**
 * Publishes every message to `subject` on JetStream, keeping at most
 * `maxInFlight` unacknowledged, and resolves once all are acknowledged, each
 * stored exactly once and, unless `sharedStream`, in the input's order.
 *
 * A failure that passes by itself (no responders or a timeout while the
 * stream's leader is re-elected) stops sending, lets the window settle, looks
 * the stream up again, and sends everything from the first unacknowledged
 * message again, in order and with the same msg ids, for at most `patienceMs`.
 * A failure that does not pass (no stream stores the subject, a full stream,
 * a message too large, another writer in the default exclusive mode) rejects
 * at once with a {@link PublishError} naming the message and saying what was
 * acknowledged before it. When `messages` itself throws, the messages before
 * are still acknowledged (and counted by `onAck`), then its error is rethrown.
 *
 * @example
 * ```ts
 * const totals = await publishMessages(nc, 'samples.in', messages, { maxInFlight: 64, patienceMs: 60_000 });
 * console.log(totals.samples, totals.lastSequence);
 * ```
 */
export async function publishMessages(
  nc: NatsConnection,
  subject: string,
  messages: AsyncIterable<OutgoingMessage> | Iterable<OutgoingMessage>,
  options: PublishMessagesOptions = {},
): Promise<PublishTotals> {
  return publishThrough(jetStreamTarget(nc), subject, messages, { ...options, msgIdPrefix: options.msgIdPrefix ?? newMsgIdPrefix() });
}

/**
 * A fresh msg id prefix for one run of {@link publishMessages}.
 *
 * @example
 * ```ts
 * const prefix = newMsgIdPrefix(); // 'rxlogit-3f0c…'
 * await publishMessages(nc, 'samples.in', messages, { msgIdPrefix: prefix });
 * ```
 */
export function newMsgIdPrefix(): string {
  return `rxlogit-${randomUUID()}`;
}

/** JetStream through a connection: publishes, and looks streams up without the API check (a "no responders" is retried). */
function jetStreamTarget(nc: NatsConnection): PublishTarget {
  const js = jetstream(nc);
  const jsm = jetstreamManager(nc, { checkAPI: false });
  return {
    async publish(subject, data, o) {
      const ack = await js.publish(subject, data, {
        msgID: o.msgID,
        timeout: o.timeout,
        ...(o.expectLastSequence === undefined ? {} : { expect: { lastSequence: o.expectLastSequence } }),
      });
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    },
    async streamOf(subject) {
      return (await jsm).streams.find(subject).catch((e: unknown) => {
        if (e instanceof Error && e.name === 'StreamNotFoundError') return undefined;
        throw e;
      });
    },
    async lastSequence(stream) {
      return (await (await jsm).streams.info(stream)).state.last_seq;
    },
  };
}

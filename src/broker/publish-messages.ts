/**
 * Publishing to JetStream with acknowledgements and a bounded number of
 * messages in flight: the `rxlogit publish` engine, also usable alone.
 *
 * @module
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

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
}

/** What was published and acknowledged. */
export interface PublishTotals {
  messages: number;
  samples: number;
  /** The stream that stored the messages, and the sequence of the last one acknowledged. */
  stream: string | undefined;
  lastSequence: number | undefined;
}

/** A publish that failed: the error says which message and how much was acknowledged before it. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  /** Totals of the messages acknowledged before the failed one, in order. */
  readonly acknowledged: PublishTotals;

  constructor(message: string, acknowledged: PublishTotals, options?: { cause: unknown }) {
    super(message, options);
    this.acknowledged = acknowledged;
  }
}

/**
 * Publishes every message to `subject` on JetStream, keeping at most
 * `maxInFlight` unacknowledged, and resolves once all are acknowledged. The
 * first failure (no stream for the subject, a timeout, a full stream) stops
 * publishing and rejects with a {@link PublishError} saying what was
 * acknowledged before the failed message. When `messages` itself throws, the
 * messages before are still acknowledged (and counted by `onAck`), then its
 * error is rethrown.
 *
 * @example
 * ```ts
 * const totals = await publishMessages(nc, 'samples.in', messages, { maxInFlight: 64 });
 * console.log(totals.samples, totals.lastSequence);
 * ```
 */
export async function publishMessages(
  nc: NatsConnection,
  subject: string,
  messages: AsyncIterable<OutgoingMessage> | Iterable<OutgoingMessage>,
  options: PublishMessagesOptions = {},
): Promise<PublishTotals> {
  const maxInFlight = options.maxInFlight ?? 64;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  const js = jetstream(nc);
  const timeout = options.ackTimeoutMs ?? 10_000;
  const totals: PublishTotals = { messages: 0, samples: 0, stream: undefined, lastSequence: undefined };
  // Acks of one publisher on one subject come back in order: awaiting the oldest first bounds the window exactly.
  const window: { message: OutgoingMessage; ack: Promise<{ stream: string; seq: number } | Error> }[] = [];
  const settle = async (): Promise<void> => {
    const { message, ack } = window.shift()!;
    const result = await ack;
    if (result instanceof Error) {
      throw new PublishError(`${message.label} was not acknowledged: ${describe(result, subject)}`, { ...totals }, { cause: result });
    }
    totals.messages++;
    totals.samples += message.samples;
    totals.stream = result.stream;
    totals.lastSequence = result.seq;
    options.onAck?.(totals);
  };
  // A failing source (an invalid line) ends the input: what was read before it is still published and acknowledged.
  let failed = false;
  let sourceError: unknown;
  async function* guarded(): AsyncGenerator<OutgoingMessage, void, undefined> {
    try {
      yield* messages;
    } catch (error) {
      failed = true;
      sourceError = error;
    }
  }
  try {
    for await (const message of guarded()) {
      if (window.length >= maxInFlight) await settle();
      const ack = js.publish(subject, message.data, { timeout }).then(
        (a) => ({ stream: a.stream, seq: a.seq }),
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      window.push({ message, ack });
    }
    while (window.length > 0) await settle();
    if (failed) throw sourceError;
  } finally {
    // Let the acks still in flight settle (they never reject), so nothing is left dangling.
    await Promise.all(window.map((w) => w.ack));
  }
  return totals;
}

function describe(error: Error, subject: string): string {
  const text = error.message;
  // The client reads "no responders" as "JetStream not enabled"; the usual cause is a subject no stream stores.
  if (/no responders|503|not enabled/i.test(text)) {
    return `no JetStream stream stores subject "${subject}" (create one, e.g. rxlogit learn --create, or check --subject; or JetStream is not enabled on the server)`;
  }
  if (/timeout/i.test(text)) return `no acknowledgement in time (${text})`;
  return text;
}

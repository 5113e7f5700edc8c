/**
 * The engine of {@link publishMessages}: a window of acknowledgements over a
 * {@link PublishTarget}, retrying what passes by itself (a stream leader
 * election) from the first message that was not stored, in the file's order.
 *
 * @module
 */
import { brokerGaveUp, DEFAULT_BROKER_PATIENCE_MS, isBrokerUnavailable, pause, whileBrokerUnavailable } from './broker-unavailable.js';
import { PublishError } from './publish-error.js';
import type { OutgoingMessage, PublishMessagesOptions, PublishTotals } from './publish-messages.js';

/** A stored message's acknowledgement; `duplicate` when its msg id was already stored (not stored again). */
export interface PublishAck {
  readonly stream: string;
  readonly seq: number;
  readonly duplicate: boolean;
}

/** What the engine needs of JetStream (a fake in tests). */
export interface PublishTarget {
  /** Publishes with a `Nats-Msg-Id` and, when `expectLastSequence` is set, `Nats-Expected-Last-Sequence`. */
  publish(subject: string, data: Uint8Array, options: { msgID: string; timeout: number; expectLastSequence?: number }): Promise<PublishAck>;
  /** The stream that stores `subject`, or undefined when none does. */
  streamOf(subject: string): Promise<string | undefined>;
  /** The stream's last sequence (0 when empty); rejects with a `StreamNotFoundError` when it is gone. */
  lastSequence(stream: string): Promise<number>;
}

interface Entry {
  readonly number: number;
  readonly message: OutgoingMessage;
}

interface InFlight extends Entry {
  readonly ack: Promise<PublishAck | Error>;
}

/**
 * Publishes `messages` through `target` as {@link publishMessages} documents:
 * message n carries the msg id `<msgIdPrefix>:<n>`; unless `sharedStream`,
 * each expects the stream's last sequence to be its predecessor's, so none is
 * stored after a missing one.
 *
 * @example
 * ```ts
 * const totals = await publishThrough(fakeTarget, 'samples.in', messages, { patienceMs: 5_000 });
 * ```
 */
export async function publishThrough(
  target: PublishTarget,
  subject: string,
  messages: AsyncIterable<OutgoingMessage> | Iterable<OutgoingMessage>,
  options: PublishMessagesOptions & { msgIdPrefix: string },
): Promise<PublishTotals> {
  const maxInFlight = options.maxInFlight ?? 64;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  const timeout = options.ackTimeoutMs ?? 10_000;
  const patienceMs = options.patienceMs ?? DEFAULT_BROKER_PATIENCE_MS;
  const exclusive = options.sharedStream !== true;
  const totals: PublishTotals = { messages: 0, samples: 0, stream: undefined, lastSequence: undefined };
  const fail = (entry: Entry, why: string, cause?: unknown): PublishError =>
    new PublishError(`${entry.message.label} was not acknowledged: ${why}`, { ...totals }, cause === undefined ? undefined : { cause });

  let stream: string | undefined;
  /** The sequence the next message expects the stream to end at (exclusive mode). */
  let expected = 0;
  /** Since when nothing was acknowledged while failures repeat (undefined: all well). */
  let failingSince: number | undefined;
  let retries = 0;
  // A duplicate does not take the sequence the messages after it expect: their conflicts are ours, not another writer's.
  let duplicateInPass = false;
  const window: InFlight[] = [];
  const redo: Entry[] = [];

  const waitBroker = <T>(entry: Entry, what: string, attempt: () => Promise<T>): Promise<T> =>
    whileBrokerUnavailable(what, attempt, { patienceMs: Math.max(0, patienceMs - (failingSince === undefined ? 0 : Date.now() - failingSince)) }).catch((e: unknown) => {
      throw fail(entry, isBrokerUnavailable(e) ? `${(e as Error).message}; --patience-ms waits longer` : (e as Error).message, e);
    });

  /** Before the first message, and after a failure: the stream (a lookup, not a guess) and its last sequence. */
  async function resync(entry: Entry): Promise<void> {
    if (stream === undefined || !exclusive) {
      const found = await waitBroker(entry, `looking up the stream of subject "${subject}"`, () => target.streamOf(subject));
      if (found === undefined) throw fail(entry, `no JetStream stream stores subject "${subject}" (create one, e.g. rxlogit learn --create, or check --subject)`);
      stream = found;
    }
    if (exclusive) {
      const name = stream;
      expected = await waitBroker(entry, `reading the last sequence of stream ${name}`, () => target.lastSequence(name)).catch((e: unknown) => {
        throw (e as Error).cause !== undefined && (e as { cause: Error }).cause.name === 'StreamNotFoundError' ? fail(entry, `stream ${name} no longer exists`, e) : e;
      });
    }
    duplicateInPass = false;
  }

  function send(entry: Entry): void {
    const ack = target
      .publish(subject, entry.message.data, {
        msgID: `${options.msgIdPrefix}:${entry.number}`,
        timeout,
        ...(exclusive ? { expectLastSequence: expected++ } : {}),
      })
      .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    window.push({ ...entry, ack });
  }

  async function settleOldest(): Promise<void> {
    const first = window.shift()!;
    let result = await first.ack;
    if (!(result instanceof Error)) {
      totals.messages++;
      totals.samples += first.message.samples;
      totals.stream = result.stream;
      totals.lastSequence = result.seq;
      if (result.duplicate) duplicateInPass = true;
      failingSince = undefined;
      retries = 0;
      options.onAck?.(totals);
      return;
    }
    // Stop sending; let the window settle; everything from the failed message is sent again, in order, with the same ids.
    const rest = window.splice(0);
    await Promise.all(rest.map((w) => w.ack));
    const conflict = isWrongLastSequence(result);
    if (conflict && !duplicateInPass) {
      throw fail(
        first,
        `another writer published to stream ${stream} meanwhile (${result.message}); rxlogit publish keeps the file's order only as the stream's only writer (--shared-stream lets others write, but a message retried after a leader election may then be stored after later ones)`,
        result,
      );
    }
    if (!conflict) {
      if (!isBrokerUnavailable(result)) throw fail(first, describe(result), result);
      // The client reads "no responders" as "JetStream not enabled": while a stream exists, no leader answered.
      if (/jetstream is not enabled/i.test(result.message)) result = new Error('no responders (no stream leader answered)', { cause: result });
      failingSince ??= Date.now();
      const waited = Date.now() - failingSince;
      if (waited >= patienceMs) throw fail(first, `${brokerGaveUp(`stream ${stream}`, waited, result).message}; --patience-ms waits longer`, result);
      options.onRetry?.({ label: first.message.label, error: result });
      await pause(Math.min(2_000, 100 * 2 ** retries++));
    }
    redo.unshift(first, ...rest.map(({ number, message }) => ({ number, message })));
    await resync(first);
  }

  // A failing source (an invalid line) ends the input: what was read before it is still published and acknowledged.
  let sourceFailed = false;
  let sourceError: unknown;
  const source = (async function* guarded(): AsyncGenerator<OutgoingMessage, void, undefined> {
    try {
      yield* messages;
    } catch (error) {
      sourceFailed = true;
      sourceError = error;
    }
  })();
  let read = 0;
  let exhausted = false;
  try {
    for (;;) {
      if (window.length >= maxInFlight || (exhausted && redo.length === 0 && window.length > 0)) {
        await settleOldest();
        continue;
      }
      let entry = redo.shift();
      if (entry === undefined && !exhausted) {
        const next = await source.next();
        if (next.done === true) exhausted = true;
        else entry = { number: ++read, message: next.value };
      }
      if (entry === undefined) {
        if (window.length === 0) break;
        continue;
      }
      if (stream === undefined) await resync(entry);
      send(entry);
    }
    if (sourceFailed) throw sourceError;
  } finally {
    // Let the acks still in flight settle (they never reject), so nothing is left dangling.
    await Promise.all(window.map((w) => w.ack));
    await source.return(undefined);
  }
  return totals;
}

/** JetStream's "wrong last sequence" (10071): the stream did not end where the message expected. */
function isWrongLastSequence(e: Error): boolean {
  return (e as { code?: unknown }).code === 10071 || /wrong last sequence/i.test(e.message);
}

function describe(error: Error): string {
  const text = error.message;
  if (/maximum (messages|bytes)|resource limits exceeded/i.test(text)) return `the stream is full (${text}): raise its limits or use a discard-old policy`;
  return text;
}

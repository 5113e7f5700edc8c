import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import type { JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { whileBrokerUnavailable } from './broker-unavailable.js';
import type { BrokerPatience } from './broker-unavailable.js';

/** The stream `prepareStream({ create: true })` makes for dead letters, and the subjects it stores. */
export const DEAD_LETTER_STREAM = { name: 'RXLOGIT_DEAD', subjects: ['rxlogit.*.dead'] } as const;

/**
 * How long the dead-letter stream remembers a message id (1 hour): a poison message that comes
 * back within it (a learner killed before its checkpoint covered it) is stored once.
 */
export const DEAD_LETTER_DUPLICATE_WINDOW_MS = 3_600_000;

/** One unparseable message to set aside. */
export interface DeadLetter {
  /** The samples stream it came from, and its sequence there. */
  readonly stream: string;
  readonly sequence: number;
  /** Its subject, payload, and why it cannot be parsed. */
  readonly subject: string;
  readonly data: Uint8Array;
  readonly reason: string;
}

/**
 * Publishes dead letters so that each stream message is dead-lettered once,
 * even when a learner is killed after dead-lettering it and before its
 * checkpoint covers it (the next learner meets the message again). Each dead
 * letter carries `Nats-Msg-Id: <stream>:<sequence>`; when a JetStream stream
 * stores the subject, it is published with a publish acknowledgement and the
 * stream's duplicate window drops a second copy (reported as not new). With
 * no stream on the subject it is a plain NATS message, which nothing can
 * deduplicate: `prepareStream({ create: true })` creates
 * {@link DEAD_LETTER_STREAM} so that this does not happen.
 *
 * @example
 * ```ts
 * const dead = await DeadLetterPublisher.open(nc, 'rxlogit.demo.dead');
 * const isNew = await dead.publish({ stream: 'SAMPLES', sequence: 42, subject: 'samples.in', data, reason: 'line 1 is not JSON' });
 * ```
 */
export class DeadLetterPublisher {
  private constructor(
    private readonly nc: NatsConnection,
    /** Where dead letters go. */
    readonly subject: string,
    /** Whether a JetStream stream stores `subject` (then dead letters are deduplicated). */
    readonly stored: boolean,
    private readonly patience: BrokerPatience,
  ) {}

  /** Looks up whether a stream stores `subject` (waiting for a broker that does not answer, up to the patience). */
  static async open(nc: NatsConnection, subject: string, patience: BrokerPatience = {}): Promise<DeadLetterPublisher> {
    const stored = await whileBrokerUnavailable(
      `looking for the stream of ${subject}`,
      async () => {
        try {
          await (await jetstreamManager(nc)).streams.find(subject);
          return true;
        } catch (e) {
          if (e instanceof Error && /no stream matches subject/i.test(e.message)) return false;
          throw e;
        }
      },
      patience,
    );
    return new DeadLetterPublisher(nc, subject, stored, patience);
  }

  /**
   * Publishes one dead letter with its reason and origin in headers.
   *
   * @returns false when the stream already held this message's dead letter (a duplicate), else true
   */
  async publish(letter: DeadLetter): Promise<boolean> {
    const h = headers();
    h.set('Rxlogit-Reason', letter.reason);
    h.set('Rxlogit-Stream', letter.stream);
    h.set('Rxlogit-Stream-Sequence', String(letter.sequence));
    h.set('Rxlogit-Subject', letter.subject);
    const id = `${letter.stream}:${letter.sequence}`;
    if (!this.stored) {
      h.set('Nats-Msg-Id', id);
      this.nc.publish(this.subject, letter.data, { headers: h });
      return true;
    }
    const js = jetstream(this.nc);
    const ack = await whileBrokerUnavailable(`dead-lettering message ${letter.sequence} of stream "${letter.stream}"`, () => js.publish(this.subject, letter.data, { headers: h, msgID: id }), this.patience);
    return !ack.duplicate;
  }
}

/**
 * Sets an unparseable message aside: publishes its dead letter (when there is a publisher), then
 * terminates it (never redelivered). The dead letter goes first, so that a learner killed in between
 * meets the message again and dead-letters it (once: see {@link DeadLetterPublisher}).
 *
 * @returns false when the dead-letter stream already held this message's dead letter
 * @example
 * ```ts
 * const firstTime = await setAside(dead, { stream: 'SAMPLES', sequence: 42, subject, data, reason }, jsMsg);
 * ```
 */
export async function setAside(dead: DeadLetterPublisher | undefined, letter: DeadLetter, message?: JsMsg): Promise<boolean> {
  const firstTime = dead === undefined ? true : await dead.publish(letter);
  message?.term(); // no reason: servers before 2.10.4 ignore "+TERM <reason>"; the dead letter carries it
  return firstTime;
}

/**
 * Creates {@link DEAD_LETTER_STREAM} unless a stream already stores `rxlogit.<model>.dead`.
 *
 * @example
 * ```ts
 * await ensureDeadLetterStream(nc, 'demo');
 * ```
 */
export async function ensureDeadLetterStream(nc: NatsConnection, subject: string, replicas = 1): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.find(subject);
    return;
  } catch (e) {
    if (!(e instanceof Error && /no stream matches subject/i.test(e.message))) throw e;
  }
  const matches = /^rxlogit\.[^.*>]+\.dead$/.test(subject);
  await jsm.streams.add({
    name: matches ? DEAD_LETTER_STREAM.name : `${DEAD_LETTER_STREAM.name}_${subject.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    subjects: matches ? [...DEAD_LETTER_STREAM.subjects] : [subject],
    storage: StorageType.File,
    num_replicas: replicas,
    duplicate_window: DEAD_LETTER_DUPLICATE_WINDOW_MS * 1_000_000,
  });
}

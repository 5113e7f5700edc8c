import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Observable } from 'rxjs';
import type { EventStreamLearner } from '../stream/event-stream-learner.js';
import { parseEventLines } from './event-lines.js';
import type { EventLineRejection } from './event-lines.js';

/** Options of {@link joinEventsAndLabels}. */
export interface JoinEventsAndLabelsOptions {
  /** An open connection (see `connectBroker`). */
  readonly nc: NatsConnection;
  /** The stream that stores both subjects (see `prepareStream`, e.g. subject `fraud.>`). */
  readonly stream: string;
  /** A durable pull consumer on it with explicit acks, filtering both subjects (or the whole stream). */
  readonly consumer: string;
  /** Where events come: `{"id","features"}` lines to predict and remember, `{"features","t"}` lines labelled now. */
  readonly eventsSubject: string;
  /** Where labels come: `{"id","t"}` lines. */
  readonly labelsSubject: string;
  /** The learner the events and labels go to. */
  readonly learner: EventStreamLearner;
  /**
   * Where the served predictions are published, `{"id","p"}` lines, one message per events message (default: not
   * published). Keep it outside the stream's subjects, or the stream stores them and the consumer reads them back.
   */
  readonly predictionsSubject?: string;
  /** Messages buffered by each pull (default 64). */
  readonly maxMessages?: number;
}

/** What one broker message did, emitted once it is applied and acknowledged. */
export interface JoinedMessage {
  readonly sequence: number;
  readonly subject: string;
  readonly kind: 'events' | 'labels' | 'other';
  /** Items applied: events learned or served, labels matched or counted (late, unknown, duplicate). */
  readonly applied: number;
  /** Invalid lines (and items the learner refused: a repeated id, a bad feature), by 1-based line number. */
  readonly rejected: EventLineRejection[];
}

/**
 * Joins a labels subject to an events subject through one JetStream stream:
 * events are predicted and remembered by the learner, and labels that come
 * later (seconds or days) learn from the remembered features and score the
 * prediction that was served. Both subjects are read by one durable consumer
 * in stream order, so a label published after its event always finds it
 * (unless it expired or was evicted: then it counts as late).
 *
 * Each message is acknowledged once applied: at least once. A message
 * redelivered after a crash serves no prediction twice (its ids are already
 * waiting: rejected) and learns from no label twice (`duplicate`); an event
 * labelled in the message itself would be learned again. A message on
 * another subject is terminated and reported.
 *
 * The Observable fails when the stream or the consumer is missing, and stops
 * pulling when unsubscribed.
 *
 * @example
 * ```ts
 * const learner = new EventStreamLearner({ ttlMs: 86_400_000 });
 * await prepareStream(nc, { stream: 'FRAUD', subject: 'fraud.>', consumer: 'events', create: true });
 * joinEventsAndLabels({ nc, stream: 'FRAUD', consumer: 'events', eventsSubject: 'fraud.events', labelsSubject: 'fraud.labels', learner })
 *   .subscribe((m) => m.rejected.length > 0 && console.warn(m.sequence, m.rejected));
 * ```
 */
export function joinEventsAndLabels(options: JoinEventsAndLabelsOptions): Observable<JoinedMessage> {
  const { nc, learner, eventsSubject, labelsSubject, predictionsSubject } = options;
  if (eventsSubject === labelsSubject) throw new RangeError(`the events and labels subjects must differ, both are "${eventsSubject}"`);
  return new Observable<JoinedMessage>((subscriber) => {
    let stopped = false;
    let stop: (() => void) | undefined;
    const encoder = new TextEncoder();
    void (async () => {
      const consumer = await jetstream(nc).consumers.get(options.stream, options.consumer);
      const messages = await consumer.consume({ max_messages: options.maxMessages ?? 64 });
      stop = () => void messages.stop();
      if (stopped) stop();
      for await (const m of messages) {
        if (stopped) break;
        const kind = m.subject === eventsSubject ? 'events' : m.subject === labelsSubject ? 'labels' : 'other';
        if (kind === 'other') {
          m.term();
          subscriber.next({ sequence: m.seq, subject: m.subject, kind, applied: 0, rejected: [{ line: 0, reason: `subject "${m.subject}" is neither the events subject "${eventsSubject}" nor the labels subject "${labelsSubject}"` }] });
          continue;
        }
        const { items, lines, rejected } = parseEventLines(m.data, kind);
        const served: string[] = [];
        let applied = 0;
        items.forEach((item, k) => {
          try {
            if ('features' in item && 't' in item) learner.learn(item.features, item.t);
            else if ('features' in item) served.push(JSON.stringify({ id: item.id, p: learner.predict(item.id, item.features) }));
            else learner.label(item.id, item.t);
            applied++;
          } catch (error) {
            rejected.push({ line: lines[k]!, reason: (error as Error).message });
          }
        });
        rejected.sort((a, b) => a.line - b.line);
        if (predictionsSubject !== undefined && served.length > 0) nc.publish(predictionsSubject, encoder.encode(served.join('\n')));
        m.ack();
        subscriber.next({ sequence: m.seq, subject: m.subject, kind, applied, rejected });
      }
      if (!stopped) subscriber.complete();
    })().catch((e: unknown) => {
      if (!stopped) subscriber.error(e);
    });
    return () => {
      stopped = true;
      stop?.();
    };
  });
}

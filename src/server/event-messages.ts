/**
 * The server's handling of raw events and late labels, as pure functions of
 * the event learner and a message's content: they return the answer (or the
 * error) and the message handler sends it. Every item is checked against
 * `event-protocol.ts` here, at the trust boundary.
 *
 * @module
 */
import type { Features } from '../core/features/feature-space.js';
import type { Label } from '../core/sample.js';
import type { ServerEventLearner } from './event-learner-port.js';
import { EventLabel, LabelledEvent } from './event-protocol.js';
import type { EventToServe, LabelOutcome } from './event-protocol.js';
import { describeIssues } from './parse-client-message.js';
import { MAX_REPORTED_REJECTIONS } from './protocol.js';
import type { ErrorCode } from './protocol.js';

/** Why a server without an event learner refuses named features and labels. */
export const NO_EVENT_LEARNER = 'this server has no event learner (start it with rxlogit serve --events, or give startServer an `events` learner)';

/** A refused message: the `error` to answer. */
export interface EventError {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/** An item refused, by its index in the message, and why. */
export interface ItemRejection {
  readonly index: number;
  readonly reason: string;
}

/**
 * Whether an item of a `samples` message is an event (it carries `features`)
 * rather than a sample `{ x, t }`.
 */
export function isEventItem(item: unknown): boolean {
  return typeof item === 'object' && item !== null && !Array.isArray(item) && Object.hasOwn(item, 'features');
}

/**
 * Learns from the events of a `samples` message (label known now), each
 * checked on its own: a bad one is rejected with its index and reason.
 *
 * @param events - the event learner, or undefined (then every event is rejected, saying why)
 * @param items - the events with their indices in the message
 * @example
 * ```ts
 * learnEvents(learner, [{ index: 0, item: { features: { amount: 12 }, t: 1 } }]); // { accepted: 1, rejected: [] }
 * ```
 */
export function learnEvents(events: ServerEventLearner | undefined, items: ReadonlyArray<{ readonly index: number; readonly item: unknown }>): { accepted: number; rejected: ItemRejection[] } {
  const rejected: ItemRejection[] = [];
  let accepted = 0;
  for (const { index, item } of items) {
    if (events === undefined) {
      rejected.push({ index, reason: `features: ${NO_EVENT_LEARNER}` });
      continue;
    }
    const parsed = LabelledEvent.safeParse(item);
    if (!parsed.success) {
      rejected.push({ index, reason: describeIssues(parsed.error) });
      continue;
    }
    try {
      events.learn(parsed.data.features as Features, parsed.data.t as Label);
      accepted++;
    } catch (error) {
      rejected.push({ index, reason: (error as Error).message });
    }
  }
  return { accepted, rejected };
}

/**
 * Serves predictions for the `events` of a `predict` message, remembering
 * those with an `id` until their labels come. All or nothing: a repeated id,
 * an id already waiting, or an event the learner refuses is an error naming
 * it, and then no prediction is remembered.
 *
 * @param canWrite - whether the client holds the write token (needed to remember predictions)
 * @example
 * ```ts
 * serveEvents(learner, [{ id: 'tx-1', features: { amount: 12 } }], true); // { probabilities: [0.5] }
 * ```
 */
export function serveEvents(events: ServerEventLearner | undefined, items: readonly EventToServe[], canWrite: boolean): { probabilities: number[] } | EventError {
  if (events === undefined) return { error: { code: 'bad-request', message: `events cannot be predicted: ${NO_EVENT_LEARNER}` } };
  const ids = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const id = items[i]!.id;
    if (id === undefined) continue;
    if (!canWrite) {
      return { error: { code: 'unauthorized', message: `events[${i}].id: remembering a prediction for a later label needs the write token (an "Authorization: Bearer …" header or ?token=… on /ws); predict without "id" to read only` } };
    }
    const first = ids.get(id);
    if (first !== undefined) return { error: { code: 'bad-message', message: `bad "predict" message: events[${i}].id ${JSON.stringify(id)} repeats events[${first}].id; nothing was served` } };
    if (events.isPending(id)) return { error: { code: 'bad-request', message: `events[${i}].id ${JSON.stringify(id)} is already waiting for its label; nothing was served` } };
    ids.set(id, i);
  }
  // A first pass that remembers nothing: an event the learner refuses (too many named numbers) stops the message before any is remembered.
  const probabilities = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    try {
      probabilities[i] = events.predictProba(items[i]!.features as Features);
    } catch (error) {
      return { error: { code: 'bad-message', message: `bad "predict" message: events[${i}].${(error as Error).message}; nothing was served` } };
    }
  }
  if (ids.size > 0) {
    for (let i = 0; i < items.length; i++) {
      const { id, features } = items[i]!;
      if (id !== undefined) probabilities[i] = events.predict(id, features as Features);
    }
  }
  return { probabilities };
}

/** The content of a `label-ack`. */
export interface LabelResult {
  readonly outcomes: LabelOutcome[];
  readonly labelled: number;
  readonly late: number;
  readonly unknown: number;
  readonly duplicate: number;
  readonly rejected: ItemRejection[];
  readonly rejectedCount: number;
  readonly pending: number;
}

/**
 * Applies the labels of a `label` message in order, each checked on its own.
 *
 * @example
 * ```ts
 * applyLabels(learner, [{ id: 'tx-1', t: 1 }, { id: 'nope', t: 0 }, { id: 'tx-2', t: 2 }]);
 * // { outcomes: ['labelled', 'unknown', 'rejected'], labelled: 1, unknown: 1, rejectedCount: 1, … }
 * ```
 */
export function applyLabels(events: ServerEventLearner, items: readonly unknown[]): LabelResult {
  const outcomes: LabelOutcome[] = [];
  const counts = { labelled: 0, late: 0, unknown: 0, duplicate: 0 };
  const rejected: ItemRejection[] = [];
  let rejectedCount = 0;
  for (let index = 0; index < items.length; index++) {
    const parsed = EventLabel.safeParse(items[index]);
    if (!parsed.success) {
      outcomes.push('rejected');
      if (rejectedCount++ < MAX_REPORTED_REJECTIONS) rejected.push({ index, reason: describeIssues(parsed.error) });
      continue;
    }
    const outcome = events.label(parsed.data.id, parsed.data.t as Label);
    outcomes.push(outcome);
    counts[outcome]++;
  }
  return { outcomes, ...counts, rejected, rejectedCount, pending: events.scores().delayed.pending };
}

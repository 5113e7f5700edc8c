import type { Features } from '../core/features/feature-space.js';
import type { Label } from '../core/sample.js';
import { EventLabel, EventToServe, LabelledEvent } from '../server/event-protocol.js';
import { describeIssues } from '../server/parse-client-message.js';
import type { EventMessage } from '../stream/event-stream-learner.js';

/** A line of a message that is not a valid item, by its 1-based number, and why. */
export interface EventLineRejection {
  readonly line: number;
  readonly reason: string;
}

/** The items of one broker message, in line order, and its invalid lines. */
export interface EventLines {
  readonly items: EventMessage[];
  /** The 1-based line number of each item. */
  readonly lines: number[];
  readonly rejected: EventLineRejection[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses one message of the events or the labels subject: JSON Lines, one
 * item a line, checked against the WebSocket protocol's schemas. On the
 * events subject a line is an event to serve and remember
 * `{"id":"tx-1","features":{…}}` or an event labelled now
 * `{"features":{…},"t":1}`; on the labels subject a line is a label
 * `{"id":"tx-1","t":1}`. Blank lines are skipped; each bad line is named.
 *
 * @param kind - which subject the message came from
 * @example
 * ```ts
 * parseEventLines(new TextEncoder().encode('{"id":"a","t":1}\n{"id":"b","t":7}'), 'labels');
 * // { items: [{ id: 'a', t: 1 }], lines: [1], rejected: [{ line: 2, reason: 't: expected 0 or 1, got 7' }] }
 * ```
 */
export function parseEventLines(data: Uint8Array, kind: 'events' | 'labels'): EventLines {
  let text: string;
  try {
    text = decoder.decode(data);
  } catch {
    return { items: [], lines: [], rejected: [{ line: 1, reason: 'the message is not valid UTF-8' }] };
  }
  const items: EventMessage[] = [];
  const numbers: number[] = [];
  const rejected: EventLineRejection[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      rejected.push({ line: i + 1, reason: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const item = kind === 'labels' ? parseLabel(value) : parseEvent(value);
    if (typeof item === 'string') rejected.push({ line: i + 1, reason: item });
    else {
      items.push(item);
      numbers.push(i + 1);
    }
  }
  return { items, lines: numbers, rejected };
}

function parseLabel(value: unknown): EventMessage | string {
  const parsed = EventLabel.safeParse(value);
  return parsed.success ? { id: parsed.data.id, t: parsed.data.t as Label } : describeIssues(parsed.error);
}

function parseEvent(value: unknown): EventMessage | string {
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, 't')) {
    const parsed = LabelledEvent.safeParse(value);
    return parsed.success ? { features: parsed.data.features as Features, t: parsed.data.t as Label } : describeIssues(parsed.error);
  }
  const parsed = EventToServe.safeParse(value);
  if (!parsed.success) return describeIssues(parsed.error);
  if (parsed.data.id === undefined) return 'an event needs an "id" (its label comes later on the labels subject) or a label "t"';
  return { id: parsed.data.id, features: parsed.data.features as Features };
}

/**
 * The parts of a `samples` message that carries both samples `{ x, t }` and
 * events `{ features, t }`: split them, merge the two learners' results back
 * in message order, and wait for both checkpoints.
 *
 * @module
 */
import type { LearnerFeed } from './learner-feed.js';
import { isEventItem } from './event-messages.js';

/** A `samples` message's items, split into samples `{ x, t }` (with their indices) and events `{ features, t }`. */
export function splitItems(items: readonly unknown[]): { samples: unknown[]; sampleIndex: number[]; events: Array<{ index: number; item: unknown }> } {
  const samples: unknown[] = [];
  const sampleIndex: number[] = [];
  const events: Array<{ index: number; item: unknown }> = [];
  items.forEach((item, index) => {
    if (isEventItem(item)) events.push({ index, item });
    else {
      samples.push(item);
      sampleIndex.push(index);
    }
  });
  return { samples, sampleIndex, events };
}

/** The learner's push result and the events', with indices into the whole message, in order. */
export function mergeResults(
  pushed: ReturnType<LearnerFeed['push']>,
  sampleIndex: readonly number[],
  learned: { accepted: number; rejected: Array<{ index: number; reason: string }> },
): { accepted: number; rejected: Array<{ index: number; reason: string }> } {
  const rejected = [...pushed.rejected.map((r) => ({ index: sampleIndex[r.index]!, reason: r.reason })), ...learned.rejected];
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: pushed.accepted + learned.accepted, rejected };
}

/** Both checkpoints written: the learner's (when one was asked for) and the event learner's. */
export async function bothSaved(dense: Promise<{ readonly ok: boolean; readonly error?: unknown } | undefined> | undefined, events: Promise<void>): Promise<{ ok: boolean; error?: unknown }> {
  const [d, e] = await Promise.allSettled([dense, events]);
  if (d.status === 'rejected') return { ok: false, error: d.reason };
  if (d.value !== undefined && !d.value.ok) return { ok: false, error: d.value.error };
  if (e.status === 'rejected') return { ok: false, error: e.reason };
  return { ok: true };
}

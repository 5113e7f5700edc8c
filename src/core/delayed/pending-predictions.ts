import { EVENT_LEARNER_DEFAULTS } from '../event-learner-config.js';

/** What became of a label: learned from, or why not. */
export type LabelOutcome = 'labelled' | 'late' | 'unknown' | 'duplicate';

/** Counters of a {@link PendingPredictions} store. */
export interface PendingCounts {
  /** Predictions waiting for their label now. */
  pending: number;
  /** Labels matched to their served prediction. */
  labelled: number;
  /** Predictions dropped because their label did not come within the TTL. */
  expired: number;
  /** Predictions dropped, oldest first, to stay within `maxPending`. */
  evicted: number;
  /** Labels that came after their prediction expired or was evicted. */
  late: number;
  /** Labels for an id never served (or forgotten long ago). */
  unknown: number;
  /** Second labels for an id already labelled. */
  duplicate: number;
}

/** Options of {@link PendingPredictions}. */
export interface PendingOptions {
  /** At most this many predictions wait (default `EVENT_LEARNER_DEFAULTS.maxPending`, 100,000); the oldest is evicted for a new one. */
  maxPending?: number;
  /** A prediction waits at most this many ms for its label (default `EVENT_LEARNER_DEFAULTS.ttlMs`, 86,400,000: a day). */
  ttlMs?: number;
  /** The clock in ms (default `Date.now`); inject one in tests. */
  now?: () => number;
}

/** The fewest ids of forgotten predictions remembered, whatever `maxPending`. */
const MIN_REMEMBERED = 1000;

interface Entry<T> {
  readonly value: T;
  readonly expiresAt: number;
}

/**
 * Served predictions waiting for their labels, bounded in number and age: a
 * label arrives seconds or days after the prediction, and must be scored
 * against the prediction that was actually served (River's
 * `progressive_val_score` with a delay).
 *
 * Entries expire in insertion order (one TTL for all), so keeping them in a
 * `Map` makes expiry a walk from the oldest. Ids of expired, evicted and
 * labelled predictions are remembered (as many as `maxPending`, at least 1000) so that a
 * late or repeated label is told apart from an unknown id.
 *
 * @example
 * ```ts
 * let t = 0;
 * const store = new PendingPredictions<number>({ ttlMs: 1000, now: () => t });
 * store.add('a', 0.7);
 * store.take('a'); // { outcome: 'labelled', value: 0.7 }
 * store.take('a'); // { outcome: 'duplicate' }
 * ```
 */
export class PendingPredictions<T> {
  /** The most predictions that wait. */
  readonly maxPending: number;
  /** How long a prediction waits, in ms. */
  readonly ttlMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry<T>>();
  private readonly gone = new Map<string, 'late' | 'duplicate'>();
  private readonly counts: Omit<PendingCounts, 'pending'> = { labelled: 0, expired: 0, evicted: 0, late: 0, unknown: 0, duplicate: 0 };

  /** @throws RangeError when `maxPending` is not an integer ≥ 1 or `ttlMs` not a number > 0 */
  constructor(options: PendingOptions = {}) {
    const { maxPending = EVENT_LEARNER_DEFAULTS.maxPending, ttlMs = EVENT_LEARNER_DEFAULTS.ttlMs, now = Date.now } = options;
    if (!Number.isInteger(maxPending) || maxPending < 1) throw new RangeError(`maxPending must be an integer ≥ 1, got ${String(maxPending)}`);
    if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be a number > 0, got ${String(ttlMs)}`);
    this.maxPending = maxPending;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  /** How many predictions wait now (after dropping the expired ones). */
  get size(): number {
    this.expire();
    return this.entries.size;
  }

  /** Whether a prediction waits for its label under `id` now. */
  has(id: string): boolean {
    this.expire();
    return this.entries.has(id);
  }

  /**
   * Remembers a served prediction until its label comes.
   *
   * @throws RangeError when `id` is empty or already waiting for its label
   */
  add(id: string, value: T): void {
    if (typeof id !== 'string' || id.length === 0) throw new RangeError('a prediction id must be a non-empty string');
    this.expire();
    if (this.entries.has(id)) throw new RangeError(`prediction id "${id}" is already waiting for its label`);
    if (this.entries.size >= this.maxPending) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
      this.counts.evicted++;
      this.forget(oldest, 'late');
    }
    this.gone.delete(id);
    this.entries.set(id, { value, expiresAt: this.now() + this.ttlMs });
  }

  /**
   * Takes the prediction served under `id`, counting the label's outcome.
   *
   * @returns the prediction when it was waiting, else why not
   */
  take(id: string): { outcome: 'labelled'; value: T } | { outcome: Exclude<LabelOutcome, 'labelled'> } {
    this.expire();
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      this.entries.delete(id);
      this.counts.labelled++;
      this.forget(id, 'duplicate');
      return { outcome: 'labelled', value: entry.value };
    }
    const outcome = this.gone.get(id) ?? 'unknown';
    this.counts[outcome]++;
    return { outcome };
  }

  /** The counters now, as a new object. */
  stats(): PendingCounts {
    return { pending: this.size, ...this.counts };
  }

  /** Drops every prediction whose TTL has passed; returns how many. */
  expire(): number {
    const now = this.now();
    let dropped = 0;
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(id);
      this.forget(id, 'late');
      dropped++;
    }
    this.counts.expired += dropped;
    return dropped;
  }

  /** The waiting predictions, oldest first, with their expiry times: for checkpoints. */
  saved(): Array<{ id: string; value: T; expiresAt: number }> {
    this.expire();
    return Array.from(this.entries, ([id, e]) => ({ id, value: e.value, expiresAt: e.expiresAt }));
  }

  /**
   * Puts back saved predictions (oldest first) and counters, replacing what
   * the store holds; those already expired count as expired.
   *
   * @throws RangeError naming a bad id, expiry time or counter
   */
  restore(saved: ReadonlyArray<{ readonly id: string; readonly value: T; readonly expiresAt: number }>, counts?: Partial<PendingCounts>): void {
    this.clear();
    let last = -Infinity;
    for (const { id, value, expiresAt } of saved) {
      if (typeof id !== 'string' || id.length === 0) throw new RangeError('pending predictions: an id must be a non-empty string');
      if (!Number.isFinite(expiresAt) || expiresAt < last) throw new RangeError(`pending predictions: "${id}" has a bad or out-of-order expiry time`);
      if (this.entries.has(id)) throw new RangeError(`pending predictions: "${id}" appears twice`);
      last = expiresAt;
      this.entries.set(id, { value, expiresAt });
    }
    for (const key of Object.keys(this.counts) as Array<keyof typeof this.counts>) {
      const v = counts?.[key] ?? 0;
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`pending predictions: ${key} must be an integer ≥ 0`);
      this.counts[key] = v;
    }
    while (this.entries.size > this.maxPending) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
      this.counts.evicted++;
      this.forget(oldest, 'late');
    }
    this.expire();
  }

  /** Forgets every waiting prediction and counter. */
  clear(): void {
    this.entries.clear();
    this.gone.clear();
    for (const k of Object.keys(this.counts) as Array<keyof typeof this.counts>) this.counts[k] = 0;
  }

  private forget(id: string, as: 'late' | 'duplicate'): void {
    this.gone.delete(id);
    this.gone.set(id, as);
    if (this.gone.size > Math.max(this.maxPending, MIN_REMEMBERED)) this.gone.delete(this.gone.keys().next().value!);
  }
}

/**
 * The history a late joiner draws: at most `capacity` entries spanning the
 * whole run. When full, every other entry is dropped and only every second
 * offered entry is kept from then on, so the curve keeps its start at a coarser
 * resolution instead of forgetting it; memory stays bounded.
 *
 * @example
 * ```ts
 * const history = new StepHistory<number>(4);
 * for (let i = 0; i < 10; i++) history.offer(i);
 * history.entries(); // [0, 4, 8] — spread over the whole run
 * ```
 */
export class StepHistory<T> {
  #entries: T[] = [];
  #stride = 1;
  #skipped = 0;
  #revision = 0;

  /** @param capacity - the most entries kept, ≥ 2 (default 1000) */
  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`capacity must be an integer ≥ 2, got ${capacity}`);
  }

  /** Offers an entry; it is kept when it falls on the current stride. */
  offer(entry: T): void {
    if (this.#skipped++ % this.#stride !== 0) return;
    if (this.#entries.length >= this.capacity) {
      this.#entries = this.#entries.filter((_, i) => i % 2 === 0);
      this.#stride *= 2;
      this.#skipped = 1;
    }
    this.#entries.push(entry);
    this.#revision++;
  }

  /** The kept entries, oldest first (a copy). */
  entries(): T[] {
    return this.#entries.slice();
  }

  /** The last `count` kept entries, oldest first. */
  last(count: number): T[] {
    return this.#entries.slice(Math.max(0, this.#entries.length - count));
  }

  /** Increments whenever the kept entries change (for caching). */
  get revision(): number {
    return this.#revision;
  }

  /** Forgets everything (after a reset). */
  clear(): void {
    this.#entries = [];
    this.#stride = 1;
    this.#skipped = 0;
    this.#revision++;
  }
}

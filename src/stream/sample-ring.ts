import type { Sample } from '../core/index.js';

/**
 * The last `capacity` samples of a stream, oldest first on read: a ring of
 * references, so keeping a sample costs one store.
 *
 * @example
 * ```ts
 * const ring = new SampleRing(2);
 * ring.push({ x: [1], t: 0 }); ring.push({ x: [2], t: 1 }); ring.push({ x: [3], t: 1 });
 * ring.toArray(); // [{ x: [2], t: 1 }, { x: [3], t: 1 }] (copies)
 * ```
 */
export class SampleRing {
  private readonly items: (Sample | undefined)[];
  private next = 0;
  private size = 0;

  /** @param capacity - samples kept, an integer ≥ 0 (0 keeps none) */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`capacity must be an integer ≥ 0, got ${String(capacity)}`);
    this.items = new Array<Sample | undefined>(capacity).fill(undefined);
  }

  /** Keeps a sample, dropping the oldest when full. */
  push(sample: Sample): void {
    if (this.capacity === 0) return;
    this.items[this.next] = sample;
    if (++this.next === this.capacity) this.next = 0;
    if (this.size < this.capacity) this.size++;
  }

  /** Copies of the kept samples (`x` copied too), oldest first. */
  toArray(): Sample[] {
    const out: Sample[] = [];
    const start = this.size < this.capacity ? 0 : this.next;
    for (let k = 0; k < this.size; k++) {
      const s = this.items[(start + k) % this.capacity]!;
      out.push({ x: s.x.slice(), t: s.t });
    }
    return out;
  }

  /** Forgets every sample. */
  clear(): void {
    this.items.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}

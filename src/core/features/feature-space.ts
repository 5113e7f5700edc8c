import { murmurhash3 } from './murmurhash3.js';
import { pushEntry, sparseVector } from './sparse-vector.js';
import type { SparseVector } from './sparse-vector.js';

/** A raw event's features: named numbers, categories (strings, booleans) and lists of categories. */
export type Features = Readonly<Record<string, number | string | boolean | readonly string[]>>;

/** Options of a {@link FeatureSpace}. */
export interface FeatureSpaceOptions {
  /** Hashed categories go into 2^bits buckets (default 18, an integer in [1, 28]). */
  bits?: number;
  /** At most this many distinct named numbers, each with its own weight (default 1024). */
  maxNumeric?: number;
  /** Seed of the hash (default 0, as scikit-learn's FeatureHasher). */
  seed?: number;
}

/** Second seed: a token's fingerprint tells whether two tokens share a bucket. */
const FINGERPRINT_SEED = 0x5bd1e995;

/** The collision-tracking state of a {@link FeatureSpace}: used buckets, their owners' fingerprints, shared buckets. */
export interface HashState {
  readonly buckets: readonly number[];
  readonly prints: readonly number[];
  readonly shared: readonly number[];
  readonly collisions: number;
}

/** How full the hashed buckets are. */
export interface HashStats {
  /** Buckets that some token has used. */
  bucketsUsed: number;
  /** Buckets that at least two different tokens have used (collisions). */
  sharedBuckets: number;
  /** Token occurrences that landed in a bucket first used by another token. */
  collisions: number;
}

/**
 * Turns an event's named features into a sparse input, the hashing trick of
 * Vowpal Wabbit and scikit-learn's `FeatureHasher`:
 *
 * - a named number `amount: 129.5` gets its own weight (slot `2^bits + k`, k
 *   in order of first sight) with the raw value (standardise it with a
 *   `StandardScaler` at offset `2^bits`);
 * - a string `country: "DE"` is the token `country=DE`, a boolean `vip: true`
 *   the token `vip=true`, each element of a string list `tags: ["a", "b"]`
 *   the token `tags=a`; a token's bucket is MurmurHash3 x86_32 of its UTF-8
 *   bytes modulo 2^bits, with value 1 (a repeated token adds up).
 *
 * Collisions are counted in {@link HashStats}, by a second hash of each token.
 *
 * @example
 * ```ts
 * const space = new FeatureSpace({ bits: 18 });
 * const v = space.encode({ amount: 129.5, country: 'DE', tags: ['new', 'mobile'] });
 * v.nnz; // 4: one named number, three tokens
 * ```
 */
export class FeatureSpace {
  /** log2 of the number of hash buckets. */
  readonly bits: number;
  /** 2^bits: the hashed buckets come first, the named numbers after them. */
  readonly buckets: number;
  /** The most named numbers this space accepts. */
  readonly maxNumeric: number;
  /** Weights a model over this space needs: `buckets + maxNumeric`. */
  readonly dimension: number;
  private readonly seed: number;
  private readonly slots = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly fingerprints: Uint32Array;
  private readonly stats: HashStats = { bucketsUsed: 0, sharedBuckets: 0, collisions: 0 };
  private readonly shared: Uint8Array;
  /** Where each index sits in the vector being built (valid when `stamp[i] === epoch`). */
  private readonly position: Int32Array;
  private readonly stamp: Uint32Array;
  private epoch = 0;

  /** @throws RangeError when `bits`, `maxNumeric` or `seed` is out of range */
  constructor(options: FeatureSpaceOptions = {}) {
    const { bits = 18, maxNumeric = 1024, seed = 0 } = options;
    if (!Number.isInteger(bits) || bits < 1 || bits > 28) throw new RangeError(`bits must be an integer in [1, 28], got ${String(bits)}`);
    if (!Number.isInteger(maxNumeric) || maxNumeric < 0 || maxNumeric > 1 << 20) {
      throw new RangeError(`maxNumeric must be an integer in [0, 2^20], got ${String(maxNumeric)}`);
    }
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an unsigned 32-bit integer, got ${String(seed)}`);
    this.bits = bits;
    this.buckets = 2 ** bits;
    this.maxNumeric = maxNumeric;
    this.dimension = this.buckets + maxNumeric;
    this.seed = seed;
    this.fingerprints = new Uint32Array(this.buckets);
    this.shared = new Uint8Array(this.buckets);
    this.position = new Int32Array(this.dimension);
    this.stamp = new Uint32Array(this.dimension);
  }

  /** The named numbers met so far, in slot order (slot k is index `buckets + k`). */
  numericNames(): readonly string[] {
    return this.names;
  }

  /** Collision counters, as a new object. */
  hashStats(): HashStats {
    return { ...this.stats };
  }

  /** The collision-tracking state (each used bucket's owner fingerprint), for checkpoints. */
  saveHashState(): HashState {
    const buckets: number[] = [];
    const prints: number[] = [];
    const shared: number[] = [];
    this.fingerprints.forEach((p, b) => {
      if (p !== 0) {
        buckets.push(b);
        prints.push(p);
        if (this.shared[b] === 1) shared.push(b);
      }
    });
    return { buckets, prints, shared, collisions: this.stats.collisions };
  }

  /** Puts back a saved collision-tracking state. @throws RangeError naming a bad entry */
  restoreHashState(state: HashState): void {
    const { buckets, prints, shared, collisions } = state;
    if (buckets.length !== prints.length) throw new RangeError(`hash state: ${buckets.length} buckets but ${prints.length} fingerprints`);
    const bucket = (b: number): number => {
      if (!Number.isInteger(b) || b < 0 || b >= this.buckets) throw new RangeError(`hash state: bucket ${String(b)} outside [0, ${this.buckets})`);
      return b;
    };
    if (!Number.isInteger(collisions) || collisions < 0) throw new RangeError(`hash state: collisions must be an integer ≥ 0, got ${String(collisions)}`);
    this.fingerprints.fill(0);
    this.shared.fill(0);
    buckets.forEach((b, k) => {
      const p = prints[k]!;
      if (!Number.isInteger(p) || p < 1 || p > 0xffffffff) throw new RangeError(`hash state: fingerprint ${String(p)} is not a non-zero 32-bit integer`);
      this.fingerprints[bucket(b)] = p;
    });
    for (const b of shared) this.shared[bucket(b)] = 1;
    this.stats.bucketsUsed = buckets.length;
    this.stats.sharedBuckets = shared.length;
    this.stats.collisions = collisions;
  }

  /**
   * Registers named numbers in slot order (a checkpoint's), before any other.
   *
   * @throws RangeError when the space already has named numbers or there are too many
   */
  restoreNumericNames(names: readonly string[]): void {
    if (this.names.length > 0) throw new RangeError('restoreNumericNames: the space already has named numbers');
    for (const name of names) this.slotOf(name, name);
  }

  /**
   * Encodes an event's features into `out` (default a new vector) with raw
   * named-number values; each index appears once.
   *
   * @throws TypeError naming the feature whose value is not a finite number, a string, a boolean or a list of strings
   * @throws RangeError when a new named number exceeds `maxNumeric`
   */
  encode(features: Features, out: SparseVector = sparseVector()): SparseVector {
    if (features === null || typeof features !== 'object' || Array.isArray(features)) {
      throw new TypeError(`features must be an object of named values, got ${describe(features)}`);
    }
    out.nnz = 0;
    if (++this.epoch === 0xffffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    for (const name in features) {
      if (!Object.hasOwn(features, name)) continue;
      const value = features[name];
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new TypeError(`feature "${name}": a number must be finite, got ${String(value)}`);
        this.add(out, this.buckets + this.slotOf(name, name), value);
      } else if (typeof value === 'string') this.token(out, `${name}=${value}`);
      else if (typeof value === 'boolean') this.token(out, value ? `${name}=true` : `${name}=false`);
      else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (typeof item !== 'string') throw new TypeError(`feature "${name}"[${i}]: a list holds strings only, got ${describe(item)}`);
          this.token(out, `${name}=${item}`);
        }
      } else throw new TypeError(`feature "${name}": expected a finite number, a string, a boolean or a list of strings, got ${describe(value)}`);
    }
    return out;
  }

  private slotOf(name: string, label: string): number {
    let k = this.slots.get(name);
    if (k !== undefined) return k;
    if (this.names.length >= this.maxNumeric) {
      throw new RangeError(`feature "${label}": more than maxNumeric = ${this.maxNumeric} named numbers`);
    }
    k = this.names.length;
    this.slots.set(name, k);
    this.names.push(name);
    return k;
  }

  private token(out: SparseVector, token: string): void {
    const bucket = murmurhash3(token, this.seed) & (this.buckets - 1);
    const print = murmurhash3(token, FINGERPRINT_SEED) || 1;
    const owner = this.fingerprints[bucket]!;
    if (owner === 0) {
      this.fingerprints[bucket] = print;
      this.stats.bucketsUsed++;
    } else if (owner !== print) {
      this.stats.collisions++;
      if (this.shared[bucket] === 0) {
        this.shared[bucket] = 1;
        this.stats.sharedBuckets++;
      }
    }
    this.add(out, bucket, 1);
  }

  private add(out: SparseVector, index: number, value: number): void {
    if (this.stamp[index] === this.epoch) {
      const j = this.position[index]!;
      out.values[j] = out.values[j]! + value;
      return;
    }
    this.stamp[index] = this.epoch;
    this.position[index] = out.nnz;
    pushEntry(out, index, value);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

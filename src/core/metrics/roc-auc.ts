import type { Label } from '../sample.js';

/** A {@link RocAuc}'s state as plain data, for checkpoints. */
export interface RocAucState {
  /** The distinct scores, ascending. */
  scores: number[];
  /** For each, the positives and the negatives scored so. */
  positives: number[];
  negatives: number[];
  /** Σ over (positive, negative) pairs ordered right, ties as ½. */
  pairs: number;
}

/**
 * Exact streaming ROC AUC: the Mann–Whitney statistic (the share of
 * (positive, negative) pairs in which the positive scored higher, ties
 * counting half — scikit-learn's `roc_auc_score`), kept up to date in
 * O(log n) per prediction.
 *
 * Scores live in a treap keyed by the exact score, one node per distinct
 * score (52 bytes each, in typed arrays that double as they fill); each node
 * knows how many positives and negatives its subtree holds, so a new score
 * finds in one descent how many of the other class scored below it.
 *
 * @example
 * ```ts
 * const auc = new RocAuc();
 * auc.update(1, 0.9).update(0, 0.2).update(1, 0.1);
 * auc.get(); // 0.5: one of the two (positive, negative) pairs is ordered right
 * ```
 */
export class RocAuc {
  private keys = new Float64Array(64);
  private counts = new Float64Array(128); // [positives, negatives] per node
  private sums = new Float64Array(128); // the same, summed over the subtree
  private left = new Int32Array(64);
  private right = new Int32Array(64);
  private priority = new Uint32Array(64);
  private size = 0;
  private root = -1;
  private seed = 0x9e3779b9;
  private pairs = 0; // Σ over pairs ordered right, ties as ½
  /** Positives seen. */
  positives = 0;
  /** Negatives seen. */
  negatives = 0;

  /** Distinct scores stored (the memory is about 52 bytes each). */
  get distinctScores(): number {
    return this.size;
  }

  /**
   * Adds a prediction: the true label and the score (any number ordered like
   * the probability of class 1; NaN is refused).
   *
   * @throws RangeError when the score is NaN
   */
  update(t: Label, score: number): this {
    if (Number.isNaN(score)) throw new RangeError('RocAuc: a score must not be NaN');
    const [below, equal, above] = this.rank(score, t === 1 ? 1 : 0); // a positive is compared with the negatives
    if (t === 1) {
      this.pairs += below + equal / 2;
      this.positives++;
    } else {
      this.pairs += above + equal / 2;
      this.negatives++;
    }
    this.root = this.insert(this.root, score, t === 1 ? 0 : 1);
    return this;
  }

  /** The AUC so far; NaN until both classes have been seen. */
  get(): number {
    return this.positives === 0 || this.negatives === 0 ? NaN : this.pairs / (this.positives * this.negatives);
  }

  /** Forgets every prediction. */
  reset(): this {
    this.size = 0;
    this.root = -1;
    this.pairs = this.positives = this.negatives = 0;
    return this;
  }

  /** The state to continue from later: each distinct score (ascending) with its positives and negatives, and the pairs so far. */
  save(): RocAucState {
    const state: RocAucState = { scores: [], positives: [], negatives: [], pairs: this.pairs };
    const walk = (node: number): void => {
      if (node === -1) return;
      walk(this.left[node]!);
      state.scores.push(this.keys[node]!);
      state.positives.push(this.counts[2 * node]!);
      state.negatives.push(this.counts[2 * node + 1]!);
      walk(this.right[node]!);
    };
    walk(this.root);
    return state;
  }

  /**
   * Continues from a saved state, replacing what this holds: the same AUC,
   * and the same AUC after any further predictions, as the saved instance.
   *
   * @throws RangeError naming the bad field (nothing is changed then)
   */
  load(state: RocAucState): this {
    const { scores, positives, negatives, pairs } = state;
    const n = scores.length;
    if (positives.length !== n || negatives.length !== n) throw new RangeError(`RocAuc state: ${n} scores but ${positives.length} positive and ${negatives.length} negative counts`);
    let p = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(scores[i]!) && Math.abs(scores[i]!) !== Infinity) throw new RangeError(`RocAuc state: scores[${i}] is not a number`);
      if (i > 0 && !(scores[i]! > scores[i - 1]!)) throw new RangeError(`RocAuc state: scores[${i}] is not above scores[${i - 1}]`);
      const a = positives[i]!;
      const b = negatives[i]!;
      if (!Number.isInteger(a) || a < 0 || !Number.isInteger(b) || b < 0 || a + b === 0) throw new RangeError(`RocAuc state: the counts of scores[${i}] must be integers ≥ 0, not both 0`);
      p += a;
      q += b;
    }
    if (!(pairs >= 0 && pairs <= p * q)) throw new RangeError(`RocAuc state: pairs must be in [0, positives × negatives = ${p * q}], got ${String(pairs)}`);
    this.reset();
    for (let i = 0; i < n; i++) {
      for (const [slot, count] of [[0, positives[i]!], [1, negatives[i]!]] as const) {
        if (count === 0) continue;
        this.root = this.insert(this.root, scores[i]!, slot);
        this.addAt(scores[i]!, slot, count - 1);
      }
    }
    this.positives = p;
    this.negatives = q;
    this.pairs = pairs;
    return this;
  }

  /** Adds `amount` more of `slot` at an existing `key`, along its path. */
  private addAt(key: number, slot: 0 | 1, amount: number): void {
    if (amount === 0) return;
    let node = this.root;
    while (node !== -1) {
      this.sums[2 * node + slot]! += amount;
      const k = this.keys[node]!;
      if (key === k) {
        this.counts[2 * node + slot]! += amount;
        return;
      }
      node = key < k ? this.left[node]! : this.right[node]!;
    }
  }

  /** How many scores of the class in slot `other` (0 positives, 1 negatives) are below, equal to and above `key`. */
  private rank(key: number, other: 0 | 1): [number, number, number] {
    let below = 0;
    let above = 0;
    let node = this.root;
    while (node !== -1) {
      const k = this.keys[node]!;
      const l = this.left[node]!;
      const r = this.right[node]!;
      if (key < k) {
        above += this.counts[2 * node + other]! + (r === -1 ? 0 : this.sums[2 * r + other]!);
        node = l;
      } else if (key > k) {
        below += this.counts[2 * node + other]! + (l === -1 ? 0 : this.sums[2 * l + other]!);
        node = r;
      } else {
        return [below + (l === -1 ? 0 : this.sums[2 * l + other]!), this.counts[2 * node + other]!, above + (r === -1 ? 0 : this.sums[2 * r + other]!)];
      }
    }
    return [below, 0, above];
  }

  /** Inserts one count of `slot` (0 positive, 1 negative) at `key` under `node`; returns the subtree's new root. */
  private insert(node: number, key: number, slot: 0 | 1): number {
    if (node === -1) return this.create(key, slot);
    const k = this.keys[node]!;
    this.sums[2 * node + slot]! += 1;
    if (key === k) {
      this.counts[2 * node + slot]! += 1;
      return node;
    }
    // The child is computed before the array is read: inserting may grow (replace) the arrays.
    if (key < k) {
      const child = this.insert(this.left[node]!, key, slot);
      this.left[node] = child;
      return this.priority[child]! > this.priority[node]! ? this.rotateRight(node) : node;
    }
    const child = this.insert(this.right[node]!, key, slot);
    this.right[node] = child;
    return this.priority[child]! > this.priority[node]! ? this.rotateLeft(node) : node;
  }

  private create(key: number, slot: 0 | 1): number {
    if (this.size === this.keys.length) this.grow();
    const n = this.size++;
    this.keys[n] = key;
    this.counts[2 * n] = this.sums[2 * n] = slot === 0 ? 1 : 0;
    this.counts[2 * n + 1] = this.sums[2 * n + 1] = slot === 1 ? 1 : 0;
    this.left[n] = this.right[n] = -1;
    // xorshift32: a fixed sequence keeps runs reproducible
    let s = this.seed;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.priority[n] = this.seed = s >>> 0;
    return n;
  }

  private rotateRight(node: number): number {
    const l = this.left[node]!;
    this.left[node] = this.right[l]!;
    this.right[l] = node;
    this.resum(node);
    this.resum(l);
    return l;
  }

  private rotateLeft(node: number): number {
    const r = this.right[node]!;
    this.right[node] = this.left[r]!;
    this.left[r] = node;
    this.resum(node);
    this.resum(r);
    return r;
  }

  private resum(node: number): void {
    const l = this.left[node]!;
    const r = this.right[node]!;
    for (let s = 0; s < 2; s++) {
      this.sums[2 * node + s] = this.counts[2 * node + s]! + (l === -1 ? 0 : this.sums[2 * l + s]!) + (r === -1 ? 0 : this.sums[2 * r + s]!);
    }
  }

  private grow(): void {
    const n = this.keys.length * 2;
    const f64 = (a: Float64Array, m: number): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(m);
      b.set(a);
      return b;
    };
    this.keys = f64(this.keys, n);
    this.counts = f64(this.counts, 2 * n);
    this.sums = f64(this.sums, 2 * n);
    const i32 = new Int32Array(n);
    i32.set(this.left);
    this.left = i32;
    const r32 = new Int32Array(n);
    r32.set(this.right);
    this.right = r32;
    const p32 = new Uint32Array(n);
    p32.set(this.priority);
    this.priority = p32;
  }
}

// @ts-check
/**
 * Columns of numbers that never grow past a limit: when a push goes over it,
 * the older half is thinned to every second point, so recent history stays
 * dense, old history gets sparser, and memory stays bounded.
 *
 * @example
 * const s = new BoundedSeries(['n', 'loss'], 1000);
 * s.push({ n: 1, loss: 0.7 });
 * s.column('loss'); // → [0.7]
 */
export class BoundedSeries {
  /**
   * @param {readonly string[]} names - the column names
   * @param {number} [maxLength] - the most rows kept (default 3000, at least 4)
   */
  constructor(names, maxLength = 3000) {
    /** @type {readonly string[]} */
    this.names = names;
    this.maxLength = Math.max(4, Math.floor(maxLength));
    /** @type {Map<string, (number | null)[]>} */
    this.columns = new Map(names.map((name) => [name, []]));
  }

  /** @returns {number} the number of rows */
  get length() {
    return this.columns.get(this.names[0] ?? '')?.length ?? 0;
  }

  /**
   * Appends one row; missing or non-finite fields are stored as `null`.
   * @param {Record<string, number | null | undefined>} row
   */
  push(row) {
    for (const name of this.names) this.col(name).push(finiteOrNull(row[name]));
    if (this.length > this.maxLength) this.thin();
  }

  /**
   * Replaces the last row (pushes when empty).
   * @param {Record<string, number | null | undefined>} row
   */
  replaceLast(row) {
    const last = this.length - 1;
    if (last < 0) return this.push(row);
    for (const name of this.names) this.col(name)[last] = finiteOrNull(row[name]);
  }

  /**
   * Drops the rows from the first one whose `name` value is ≥ `limit` (the
   * column must be increasing, as `n` is).
   * @param {string} name
   * @param {number} limit
   */
  keepBefore(name, limit) {
    const c = this.col(name);
    let cut = c.length;
    while (cut > 0 && (c[cut - 1] ?? -Infinity) >= limit) cut--;
    for (const col of this.columns.values()) col.length = cut;
  }

  /** Removes every row. */
  clear() {
    for (const name of this.names) this.col(name).length = 0;
  }

  /**
   * @param {string} name
   * @returns {(number | null)[]} the live column (do not mutate)
   */
  column(name) {
    return this.col(name);
  }

  /**
   * @param {string} name
   * @returns {number | null} the last value of a column, or null when empty
   */
  last(name) {
    const c = this.col(name);
    return c.length > 0 ? (c[c.length - 1] ?? null) : null;
  }

  /** Keeps every second row of the older half (the first row always stays). */
  thin() {
    const half = Math.floor(this.length / 2);
    for (const name of this.names) {
      const c = this.col(name);
      const kept = [];
      for (let i = 0; i < half; i += 2) kept.push(c[i] ?? null);
      this.columns.set(name, kept.concat(c.slice(half)));
    }
  }

  /** @param {string} name */
  col(name) {
    const c = this.columns.get(name);
    if (!c) throw new Error(`BoundedSeries: unknown column "${name}" (columns: ${this.names.join(', ')})`);
    return c;
  }
}

/** @param {unknown} v */
function finiteOrNull(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

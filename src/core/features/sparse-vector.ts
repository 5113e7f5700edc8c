/**
 * A sparse input: `nnz` (index, value) pairs in `indices` and `values`, each
 * index at most once. The arrays may be longer than `nnz` (reused scratch).
 *
 * @example
 * ```ts
 * const v: SparseVector = { indices: Int32Array.of(3, 70), values: Float64Array.of(1, 0.5), nnz: 2 };
 * ```
 */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
  nnz: number;
}

/**
 * A block of sparse samples in compressed-row form: row r's entries are
 * `indices[offsets[r]..offsets[r+1])` with their `values`, its label `labels[r]`.
 *
 * @example
 * ```ts
 * const block: SparseBlock = {
 *   rows: 2, offsets: Int32Array.of(0, 2, 3),
 *   indices: Int32Array.of(3, 70, 5), values: Float64Array.of(1, 0.5, 1), labels: Uint8Array.of(1, 0),
 * };
 * ```
 */
export interface SparseBlock {
  readonly rows: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  readonly labels: Uint8Array;
}

/**
 * An empty sparse vector with room for `capacity` entries (it grows as needed).
 *
 * @example
 * ```ts
 * const v = sparseVector(32); // v.nnz === 0
 * ```
 */
export function sparseVector(capacity = 16): SparseVector {
  return { indices: new Int32Array(capacity), values: new Float64Array(capacity), nnz: 0 };
}

/**
 * Appends an entry, growing the arrays when full.
 *
 * @example
 * ```ts
 * pushEntry(v, 12, 1); // v.nnz grows by one
 * ```
 */
export function pushEntry(v: SparseVector, index: number, value: number): void {
  if (v.nnz === v.indices.length) {
    const indices = new Int32Array(v.indices.length * 2 || 8);
    const values = new Float64Array(indices.length);
    indices.set(v.indices);
    values.set(v.values);
    v.indices = indices;
    v.values = values;
  }
  v.indices[v.nnz] = index;
  v.values[v.nnz] = value;
  v.nnz++;
}

/**
 * A copy holding exactly `nnz` entries, sharing no memory with `v`.
 *
 * @example
 * ```ts
 * const kept = copySparse(scratch); // scratch may now be reused
 * ```
 */
export function copySparse(v: SparseVector): SparseVector {
  return { indices: v.indices.slice(0, v.nnz), values: v.values.slice(0, v.nnz), nnz: v.nnz };
}

/**
 * Builds a {@link SparseBlock} from rows of sparse vectors and labels.
 *
 * @throws RangeError when the rows and labels differ in number or a label is not 0 or 1
 * @example
 * ```ts
 * const block = sparseBlock([v1, v2], [1, 0]);
 * ```
 */
export function sparseBlock(rows: readonly SparseVector[], labels: readonly number[]): SparseBlock {
  if (rows.length !== labels.length) throw new RangeError(`sparseBlock: ${rows.length} rows but ${labels.length} labels`);
  const offsets = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) offsets[r + 1] = offsets[r]! + rows[r]!.nnz;
  const total = offsets[rows.length]!;
  const indices = new Int32Array(total);
  const values = new Float64Array(total);
  const out = new Uint8Array(rows.length);
  rows.forEach((v, r) => {
    indices.set(v.indices.subarray(0, v.nnz), offsets[r]);
    values.set(v.values.subarray(0, v.nnz), offsets[r]);
    const t = labels[r];
    if (t !== 0 && t !== 1) throw new RangeError(`sparseBlock: labels[${r}] must be 0 or 1, got ${String(t)}`);
    out[r] = t;
  });
  return { rows: rows.length, offsets, indices, values, labels: out };
}

import { SampleBlockBuilder } from '../core/index.js';
import type { Sample, SampleBlock } from '../core/index.js';
import { sampleRejectionReason } from './sample-schema.js';

/** Rejections per call explained in detail (with zod); the rest get the core's one-line reason. */
const DETAILED_REJECTIONS = 100;

/**
 * What the trust boundary makes of untrusted input: a block of the valid
 * samples (in order, `positions` holding each one's index in the input) and
 * the rejected items with their index and why.
 *
 * @example
 * ```ts
 * const { block, rejected } = checkSampleItems([{ x: [1, 2], t: 1 }, 'junk'], 2);
 * block.length;        // 1
 * rejected[0]!.index;  // 1
 * ```
 */
export interface CheckedBlock {
  /** The valid samples (a fresh block: it shares no memory with the input). */
  readonly block: SampleBlock & { readonly positions: Float64Array };
  /** Each invalid item, its index in the input and the reason. */
  readonly rejected: { readonly input: unknown; readonly index: number; readonly reason: string }[];
}

/**
 * Checks untrusted items (a WebSocket message's samples, a JSON array) and
 * packs the valid ones into a block: the trust boundary's one pass, with no
 * object kept per sample. The first 100 rejections are explained by zod
 * (path and problem); the rest get the core's one-line reason, so that a
 * message of junk costs little more than a clean one.
 *
 * @param items - anything, one sample expected per element
 * @param inputs - the model's width
 * @example
 * ```ts
 * checkSampleItems([{ x: [1, 2], t: 1 }, { x: [1], t: 0 }], 2).rejected; // [{ input: {…}, index: 1, reason: 'x: has 1 value, expected 2' }]
 * ```
 */
export function checkSampleItems(items: readonly unknown[], inputs: number): CheckedBlock {
  const builder = new SampleBlockBuilder(Math.min(items.length, 1024));
  const rejected: { input: unknown; index: number; reason: string }[] = [];
  for (let i = 0; i < items.length; i++) {
    const value: unknown = items[i];
    const reason = sampleRejectionReason(value, inputs, rejected.length < DETAILED_REJECTIONS);
    if (reason !== null) rejected.push({ input: value, index: i, reason });
    else builder.add((value as Sample).x, (value as Sample).t, i);
  }
  return { block: withWidth(builder.build(), inputs), rejected };
}

/**
 * Checks an untrusted {@link SampleBlock} row by row (finite features, labels
 * 0 or 1) after its shape (width, lengths). A clean block passes as it is,
 * with no copy; otherwise its valid rows are copied into a new block and each
 * bad row is rejected with its row index.
 *
 * @param block - a value that claims to be a block
 * @param inputs - the model's width
 * @returns the valid rows and the rejected ones, or the reason the whole block is refused
 * @example
 * ```ts
 * const checked = checkSampleBlock({ width: 1, length: 2, x: Float64Array.of(1, NaN), t: Uint8Array.of(0, 1) }, 1);
 * typeof checked !== 'string' && checked.rejected[0]!.reason; // 'x[0] is not a finite number (NaN)'
 * ```
 */
export function checkSampleBlock(block: SampleBlock, inputs: number): { block: SampleBlock; rejected: { index: number; reason: string }[] } | string {
  const { width, length, x, t } = block;
  if (width !== inputs) return `the block has ${String(width)} features per sample, expected ${inputs}`;
  if (!Number.isInteger(length) || length < 0) return `the block's length must be an integer ≥ 0, got ${String(length)}`;
  if (x.length < length * width) return `the block's x holds ${x.length} values, ${length} rows of ${width} need ${length * width}`;
  if (!(t instanceof Uint8Array) || t.length < length) return `the block's t must be a Uint8Array of at least ${length} labels`;
  if (isClean(x, t, length * width, length)) return { block, rejected: [] };
  let bad = 0;
  while (rowReason(block, bad) === null) bad++;
  const builder = new SampleBlockBuilder(length);
  const rejected: { index: number; reason: string }[] = [];
  for (let r = 0; r < length; r++) {
    const reason = r < bad ? null : rowReason(block, r);
    if (reason !== null) rejected.push({ index: r, reason });
    else builder.addFrom(x.subarray(r * width, r * width + width), width, t[r] as 0 | 1, block.positions?.[r] ?? r);
  }
  return { block: withWidth(builder.build(), inputs), rejected };
}

/**
 * Whether the first `values` features are finite and the first `rows` labels 0 or 1: one tight
 * pass over each array with no branch per value (v·0 is ±0 for finite v and NaN otherwise; the
 * labels' bitwise or exceeds 1 once a label does).
 */
function isClean(x: Float64Array, t: Uint8Array, values: number, rows: number): boolean {
  // Four sums, so that four chains of additions run side by side.
  let f0 = 0;
  let f1 = 0;
  let f2 = 0;
  let f3 = 0;
  let i = 0;
  for (; i + 4 <= values; i += 4) {
    f0 += x[i]! * 0;
    f1 += x[i + 1]! * 0;
    f2 += x[i + 2]! * 0;
    f3 += x[i + 3]! * 0;
  }
  for (; i < values; i++) f0 += x[i]! * 0;
  let labels = 0;
  for (let r = 0; r < rows; r++) labels |= t[r]!;
  return f0 + f1 + f2 + f3 === 0 && labels <= 1;
}

function rowReason(block: SampleBlock, r: number): string | null {
  const { width, x, t } = block;
  for (let j = 0, o = r * width; j < width; j++) {
    const v = x[o + j]!;
    if (v - v !== 0) return `x[${j}] is not a finite number (${String(v)})`;
  }
  const label = t[r]!;
  return label === 0 || label === 1 ? null : `t must be 0 or 1, got ${label}`;
}

/** An empty builder's block has width 0: give it the model's. */
function withWidth<B extends SampleBlock>(block: B, inputs: number): B {
  return block.length === 0 ? { ...block, width: inputs } : block;
}

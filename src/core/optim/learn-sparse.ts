import type { SparseBlock, SparseVector } from '../features/sparse-vector.js';
import { logisticFromExp } from '../logistic.js';
import { crossEntropyFromExp } from '../loss.js';
import type { Label } from '../sample.js';
import type { Optimizer } from './optimizer.js';
import { sparseLogit, sparseLogitRange } from './sparse-model.js';
import type { SparseModel } from './sparse-model.js';

/**
 * Learns from one sparse sample: the optimizer's step for g = σ(z) − t.
 *
 * @returns the sample's loss before the step
 * @example
 * ```ts
 * learnSparse(model, optimizer, space.encode({ country: 'DE' }), 1); // Math.LN2 on a fresh model
 * ```
 */
export function learnSparse(model: SparseModel, optimizer: Optimizer, x: SparseVector, t: Label): number {
  const z = sparseLogit(model, x);
  const e = Math.exp(z < 0 ? z : -z);
  optimizer.step(model, x, logisticFromExp(z, e) - t);
  return crossEntropyFromExp(z, t, e);
}

/**
 * Learns from every row of a block in order, one step per row (progressive:
 * each row is scored before its step). Rows are read in place, not copied.
 *
 * @param logits - optional: receives each row's logit before its step (length ≥ rows)
 * @returns the block's summed loss before each step
 * @example
 * ```ts
 * const loss = learnSparseBlock(model, optimizer, block);
 * ```
 */
export function learnSparseBlock(model: SparseModel, optimizer: Optimizer, block: SparseBlock, logits?: Float64Array): number {
  const { offsets, labels, indices, values } = block;
  let loss = 0;
  for (let r = 0; r < block.rows; r++) {
    const start = offsets[r]!;
    const end = offsets[r + 1]!;
    const t = labels[r] as Label;
    const z = sparseLogitRange(model, indices, values, start, end);
    const e = Math.exp(z < 0 ? z : -z);
    optimizer.stepRange(model, indices, values, start, end, logisticFromExp(z, e) - t);
    loss += crossEntropyFromExp(z, t, e);
    if (logits !== undefined) logits[r] = z;
  }
  return loss;
}

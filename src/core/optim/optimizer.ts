import type { SparseVector } from '../features/sparse-vector.js';
import type { LearningRateSchedule } from '../learning-rate-schedule.js';
import type { SparseModel } from './sparse-model.js';

/**
 * How a sparse model learns, beside the shared `schedule` and `l2`:
 *
 * - `sgd`: the delta rule w ← w − μₖ·(g·x + λ·w), μₖ from the schedule; L2
 *   applied lazily through the model's scale, exact.
 * - `adagrad`: per-weight rates (Duchi, Hazan & Singer 2011),
 *   wᵢ ← wᵢ − μₖ·gᵢ/(√Gᵢ + ε) with Gᵢ the sum of squared gradients; L2 as
 *   decoupled decay w ← (1 − μₖλ)·w before the step, lazy and exact.
 * - `ftrl`: FTRL-Proximal (McMahan et al. 2013, algorithm 1) with α = the
 *   schedule's constant lr, β, and L1 = `l1`, L2 = `l2`: L1 makes weights
 *   exactly 0. The bias is an unregularised coordinate.
 */
export type OptimizerConfig =
  | { readonly kind: 'sgd' }
  | { readonly kind: 'adagrad'; readonly epsilon?: number }
  | { readonly kind: 'ftrl'; readonly beta?: number; readonly l1?: number };

/** What every optimizer is given: the shared rate schedule and L2 strength. */
export interface OptimizerOptions {
  readonly schedule: LearningRateSchedule;
  /** L2 strength λ ≥ 0 (default 0). */
  readonly l2?: number;
}

/** An optimizer's per-weight state as plain data, for checkpoints (only non-zero entries). */
export interface OptimizerState {
  readonly kind: OptimizerConfig['kind'];
  /** Named sparse arrays: indices and values of their non-zero entries. */
  readonly arrays: Readonly<Record<string, { readonly indices: number[]; readonly values: number[] }>>;
  /** Named scalars (the bias's state). */
  readonly scalars: Readonly<Record<string, number>>;
}

/**
 * One step of learning for a sparse model.
 *
 * @example
 * ```ts
 * const opt = createOptimizer({ kind: 'adagrad' }, { schedule: { kind: 'constant', lr: 0.1 } }, m.weights.length);
 * opt.step(m, x, 0.3); // σ(z) − t = 0.3
 * ```
 */
export interface Optimizer {
  readonly kind: OptimizerConfig['kind'];
  /**
   * Moves the sample's active weights and the bias for the logistic gradient
   * ∂ξ/∂wᵢ = g·xᵢ, ∂ξ/∂b = g (g = σ(z) − t). A step that would make a weight
   * or the bias non-finite is refused (counted in `model.refused`).
   *
   * @returns whether the step was taken
   */
  step(model: SparseModel, x: SparseVector, g: number): boolean;
  /**
   * {@link Optimizer.step} for the entries `start` to `end − 1` of `indices`
   * and `values` (a block's row, without making a view of it).
   */
  stepRange(model: SparseModel, indices: Int32Array, values: Float64Array, start: number, end: number, g: number): boolean;
  /** The per-weight state, for checkpoints. */
  state(): OptimizerState;
  /** Puts back a saved state. @throws RangeError when it does not fit */
  restore(state: OptimizerState): void;
}

/** Non-zero entries of an array, for {@link OptimizerState}. */
export function sparseEntries(a: Float64Array): { indices: number[]; values: number[] } {
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== 0) {
      indices.push(i);
      values.push(a[i]!);
    }
  }
  return { indices, values };
}

/** Fills an array from {@link sparseEntries}. @throws RangeError naming a bad entry */
export function restoreEntries(a: Float64Array, saved: { readonly indices: readonly number[]; readonly values: readonly number[] } | undefined, name: string): void {
  if (saved === undefined) throw new RangeError(`optimizer state: missing array ${name}`);
  if (saved.indices.length !== saved.values.length) throw new RangeError(`optimizer state: ${name} has ${saved.indices.length} indices but ${saved.values.length} values`);
  a.fill(0);
  saved.indices.forEach((i, k) => {
    const v = saved.values[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= a.length) throw new RangeError(`optimizer state: ${name} index ${String(i)} outside [0, ${a.length})`);
    if (!Number.isFinite(v)) throw new RangeError(`optimizer state: ${name}[${i}] is not finite`);
    a[i] = v;
  });
}

/** A saved scalar. @throws RangeError when missing or not finite */
export function restoreScalar(state: OptimizerState, name: string): number {
  const v = state.scalars[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`optimizer state: ${name} must be a finite number`);
  return v;
}

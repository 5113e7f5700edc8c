import type { SparseVector } from '../features/sparse-vector.js';
import { learningRateAt } from '../learning-rate-schedule.js';
import { restoreEntries, restoreScalar, sparseEntries } from './optimizer.js';
import type { Optimizer, OptimizerOptions, OptimizerState } from './optimizer.js';
import { commitScaled, refuse } from './sgd.js';
import type { SparseModel } from './sparse-model.js';

let next = new Float64Array(64);
let nextG = new Float64Array(64);

/**
 * AdaGrad (Duchi, Hazan & Singer 2011, diagonal form) on sparse inputs: each
 * weight has its own rate, Gᵢ ← Gᵢ + gᵢ², wᵢ ← wᵢ − μₖ·gᵢ/(√Gᵢ + ε), with
 * gᵢ = g·xᵢ and μₖ from the schedule; the bias likewise. L2 is decoupled
 * decay, w ← (1 − μₖλ)·w before the step (it does not enter Gᵢ), applied
 * lazily through the model's scale.
 *
 * @example
 * ```ts
 * const opt = new AdaGradOptimizer({ schedule: { kind: 'constant', lr: 0.1 } }, model.weights.length);
 * opt.step(model, x, 0.3);
 * ```
 */
export class AdaGradOptimizer implements Optimizer {
  readonly kind = 'adagrad';
  /** Sum of squared gradients of each weight. */
  readonly squares: Float64Array;
  /** Sum of squared gradients of the bias. */
  biasSquares = 0;
  private readonly l2: number;
  private readonly epsilon: number;

  /**
   * @param dimension - the model's number of weights
   * @param epsilon - added to √Gᵢ (default 1e-8)
   * @throws RangeError when `epsilon` is not a finite number ≥ 0
   */
  constructor(
    private readonly options: OptimizerOptions,
    dimension: number,
    epsilon = 1e-8,
  ) {
    if (!Number.isFinite(epsilon) || epsilon < 0) throw new RangeError(`adagrad epsilon must be a finite number ≥ 0, got ${String(epsilon)}`);
    this.squares = new Float64Array(dimension);
    this.l2 = options.l2 ?? 0;
    this.epsilon = epsilon;
  }

  step(model: SparseModel, x: SparseVector, g: number): boolean {
    return this.stepRange(model, x.indices, x.values, 0, x.nnz, g);
  }

  stepRange(model: SparseModel, idx: Int32Array, val: Float64Array, start: number, end: number, g: number): boolean {
    const schedule = this.options.schedule;
    const mu = schedule.kind === 'constant' ? schedule.lr : learningRateAt(schedule, model.updates);
    const { epsilon, squares } = this;
    const w = model.weights;
    model.seen++;
    if (next.length < end - start) {
      next = new Float64Array((end - start) * 2);
      nextG = new Float64Array((end - start) * 2);
    }
    const scale = model.scale * (1 - mu * this.l2);
    let nonFinite = 0;
    for (let j = start; j < end; j++) {
      const gi = g * val[j]!;
      const G = (nextG[j - start] = squares[idx[j]!]! + gi * gi);
      const delta = (mu * gi) / (Math.sqrt(G) + epsilon);
      nonFinite += (next[j - start] = scale === 0 ? -delta : w[idx[j]!]! - delta / scale) * 0;
    }
    const Gb = this.biasSquares + g * g;
    const b = model.useBias ? model.bias - (mu * g) / (Math.sqrt(Gb) + epsilon) : model.bias;
    if (nonFinite + b * 0 + Gb * 0 !== 0 || !Number.isFinite(scale)) return refuse(model);
    for (let j = start; j < end; j++) squares[idx[j]!] = nextG[j - start]!;
    commitScaled(model, idx, start, end, scale, next, (j) => next[j - start]!);
    if (model.useBias) {
      this.biasSquares = Gb;
      model.bias = b;
    }
    model.updates++;
    return true;
  }

  state(): OptimizerState {
    return { kind: 'adagrad', arrays: { squares: sparseEntries(this.squares) }, scalars: { biasSquares: this.biasSquares } };
  }

  restore(state: OptimizerState): void {
    if (state.kind !== 'adagrad') throw new RangeError(`optimizer state is for ${state.kind}, not adagrad`);
    restoreEntries(this.squares, state.arrays['squares'], 'squares');
    this.biasSquares = restoreScalar(state, 'biasSquares');
  }
}

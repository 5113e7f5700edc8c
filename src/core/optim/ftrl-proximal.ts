import type { SparseVector } from '../features/sparse-vector.js';
import { restoreEntries, restoreScalar, sparseEntries } from './optimizer.js';
import type { Optimizer, OptimizerOptions, OptimizerState } from './optimizer.js';
import { refuse } from './sgd.js';
import { foldScale } from './sparse-model.js';
import type { SparseModel } from './sparse-model.js';

let nextZ = new Float64Array(64);
let nextN = new Float64Array(64);
let nextW = new Float64Array(64);

/**
 * FTRL-Proximal with per-coordinate rates (McMahan et al., "Ad Click
 * Prediction: a View from the Trenches", KDD 2013, algorithm 1) on sparse
 * inputs. For each active i, with gᵢ = g·xᵢ:
 *
 *     σᵢ = (√(nᵢ + gᵢ²) − √nᵢ)/α,  zᵢ ← zᵢ + gᵢ − σᵢ·wᵢ,  nᵢ ← nᵢ + gᵢ²,
 *     wᵢ = 0 if |zᵢ| ≤ λ₁, else −(zᵢ − sgn(zᵢ)·λ₁) / ((β + √nᵢ)/α + λ₂).
 *
 * Inactive coordinates keep their z, n and so their weight: the sparse update
 * is exact. α is the schedule's constant rate; the bias is one more
 * coordinate, without L1 or L2.
 *
 * @example
 * ```ts
 * const opt = new FtrlProximalOptimizer({ schedule: { kind: 'constant', lr: 0.1 }, l2: 1 }, dim, { l1: 1 });
 * opt.step(model, x, 0.3);
 * ```
 */
export class FtrlProximalOptimizer implements Optimizer {
  readonly kind = 'ftrl';
  /** The z of each coordinate. */
  readonly z: Float64Array;
  /** The sum of squared gradients n of each coordinate. */
  readonly n: Float64Array;
  biasZ = 0;
  biasN = 0;
  private readonly alpha: number;
  private readonly beta: number;
  private readonly l1: number;
  private readonly l2: number;

  /**
   * @param options - `schedule` must be constant (its lr is α); `l2` is λ₂
   * @param extra - β (default 1) and λ₁ (default 0)
   * @throws RangeError when the schedule is not constant, α is not > 0, or β or λ₁ is not a finite number ≥ 0
   */
  constructor(options: OptimizerOptions, dimension: number, extra: { beta?: number; l1?: number } = {}) {
    const { beta = 1, l1 = 0 } = extra;
    if (options.schedule.kind !== 'constant') throw new RangeError(`ftrl takes a constant schedule (its lr is α), got ${options.schedule.kind}`);
    if (!(options.schedule.lr > 0) || !Number.isFinite(options.schedule.lr)) throw new RangeError(`ftrl α (the schedule's lr) must be a finite number > 0, got ${String(options.schedule.lr)}`);
    for (const [name, v] of [['beta', beta], ['l1', l1]] as const) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`ftrl ${name} must be a finite number ≥ 0, got ${String(v)}`);
    }
    this.alpha = options.schedule.lr;
    this.beta = beta;
    this.l1 = l1;
    this.l2 = options.l2 ?? 0;
    this.z = new Float64Array(dimension);
    this.n = new Float64Array(dimension);
  }

  step(model: SparseModel, x: SparseVector, g: number): boolean {
    return this.stepRange(model, x.indices, x.values, 0, x.nnz, g);
  }

  stepRange(model: SparseModel, idx: Int32Array, val: Float64Array, start: number, end: number, g: number): boolean {
    if (model.scale !== 1) foldScale(model);
    const { alpha, beta, l1, l2, z, n } = this;
    const w = model.weights;
    model.seen++;
    if (nextZ.length < end - start) {
      nextZ = new Float64Array((end - start) * 2);
      nextN = new Float64Array((end - start) * 2);
      nextW = new Float64Array((end - start) * 2);
    }
    let nonFinite = 0;
    for (let j = start; j < end; j++) {
      const i = idx[j]!;
      const k = j - start;
      const gi = g * val[j]!;
      const ni = n[i]!;
      const nn = (nextN[k] = ni + gi * gi);
      const zi = (nextZ[k] = z[i]! + gi - ((Math.sqrt(nn) - Math.sqrt(ni)) / alpha) * w[i]!);
      nonFinite += (nextW[k] = weightOf(zi, nn, alpha, beta, l1, l2)) * 0;
    }
    const nb = this.biasN + g * g;
    const zb = this.biasZ + g - ((Math.sqrt(nb) - Math.sqrt(this.biasN)) / alpha) * model.bias;
    const b = model.useBias ? weightOf(zb, nb, alpha, beta, 0, 0) : model.bias;
    if (nonFinite + b * 0 + zb * 0 !== 0) return refuse(model);
    for (let j = start; j < end; j++) {
      const i = idx[j]!;
      const k = j - start;
      z[i] = nextZ[k]!;
      n[i] = nextN[k]!;
      w[i] = nextW[k]!;
    }
    if (model.useBias) {
      this.biasZ = zb;
      this.biasN = nb;
      model.bias = b;
    }
    model.updates++;
    return true;
  }

  state(): OptimizerState {
    return { kind: 'ftrl', arrays: { z: sparseEntries(this.z), n: sparseEntries(this.n) }, scalars: { biasZ: this.biasZ, biasN: this.biasN } };
  }

  restore(state: OptimizerState): void {
    if (state.kind !== 'ftrl') throw new RangeError(`optimizer state is for ${state.kind}, not ftrl`);
    restoreEntries(this.z, state.arrays['z'], 'z');
    restoreEntries(this.n, state.arrays['n'], 'n');
    this.biasZ = restoreScalar(state, 'biasZ');
    this.biasN = restoreScalar(state, 'biasN');
  }
}

/** The closed-form FTRL-Proximal weight of a coordinate from its z and n. */
function weightOf(z: number, n: number, alpha: number, beta: number, l1: number, l2: number): number {
  const a = z < 0 ? -z : z;
  if (a <= l1) return 0;
  return -(z - (z < 0 ? -l1 : l1)) / ((beta + Math.sqrt(n)) / alpha + l2);
}

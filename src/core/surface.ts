import { linspace } from './linspace.js';
import type { Axis } from './linspace.js';
import { logistic } from './logistic.js';
import { crossEntropyFromLogit } from './loss.js';
import { logit } from './model.js';
import { softplusFromTable } from './softplus-table.js';
import type { LogisticModel } from './model.js';
import type { Sample } from './sample.js';

/** A loss surface: `loss[j·n1 + i]` is the mean loss at (w1[i], w2[j]). */
export interface LossSurface {
  readonly w1: Float64Array;
  readonly w2: Float64Array;
  readonly loss: Float64Array;
}

/** Where the other parameters sit while the first two weights sweep the grid. */
export interface SurfaceBase {
  /** Weights from the third on (default zeros). */
  readonly weights?: ArrayLike<number>;
  /** The bias (default 0). */
  readonly bias?: number;
}

/**
 * The mean cross-entropy over a grid of the first two weights, as the
 * tutorial's loss-surface figure. Other weights and the bias are held at `base`.
 *
 * Cost is one softplus per sample and grid point (a 100×100 grid over 10,000
 * samples is 10⁸ of them), taken from a table to within 5·10⁻¹⁵ ({@link softplusFromTable});
 * the linear part, Σ over class-1 samples of z, is
 * taken out of the loop.
 *
 * @param grid - `{ w1: [min, max, n1], w2: [min, max, n2] }`
 * @example
 * ```ts
 * const s = lossSurface(samples, { w1: [-5, 5, 100], w2: [-5, 5, 100] });
 * s.loss[0]; // loss at w = [-5, -5]
 * ```
 */
export function lossSurface(
  samples: readonly Sample[],
  grid: { readonly w1: Axis; readonly w2: Axis },
  base: SurfaceBase = {},
): LossSurface {
  const w1 = linspace(...grid.w1);
  const w2 = linspace(...grid.w2);
  const n = samples.length;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  let sumA1 = 0, sumB1 = 0, sumC1 = 0;
  for (let k = 0; k < n; k++) {
    const x = samples[k]!.x;
    a[k] = x[0]!;
    b[k] = x.length > 1 ? x[1]! : 0;
    let rest = base.bias ?? 0;
    for (let i = 2; i < x.length; i++) rest += (base.weights?.[i - 2] ?? 0) * x[i]!;
    c[k] = rest;
    if (samples[k]!.t === 1) {
      sumA1 += a[k]!;
      sumB1 += b[k]!;
      sumC1 += rest;
    }
  }
  const loss = new Float64Array(w1.length * w2.length);
  for (let j = 0; j < w2.length; j++) {
    const wb = w2[j]!;
    for (let i = 0; i < w1.length; i++) {
      const wa = w1[i]!;
      // Σ t·softplus(−z) + (1−t)·softplus(z) = Σ softplus(z) − Σ_{t=1} z
      let sum = 0;
      for (let k = 0; k < n; k++) sum += softplusFromTable(wa * a[k]! + wb * b[k]! + c[k]!);
      sum -= wa * sumA1 + wb * sumB1 + sumC1;
      const mean = sum / n;
      // Where x·w overflows, Σ softplus(z) − Σ z is Infinity − Infinity: take that point the slow, saturating way.
      loss[j * w1.length + i] = mean - mean === 0 ? mean : exactMeanLoss(samples, wa, wb, base);
    }
  }
  return { w1, w2, loss };
}

/** A classification plane: `proba[j·n1 + i]` is P(t = 1) at (x1[i], x2[j]). */
export interface ClassificationPlane {
  readonly x1: Float64Array;
  readonly x2: Float64Array;
  readonly proba: Float64Array;
}

/**
 * The model's probability over a grid of the first two inputs (other inputs at 0),
 * for drawing the decision boundary (class 1 where proba > 0.5).
 *
 * @example
 * ```ts
 * const p = classificationPlane(model, { x1: [-4, 4, 200], x2: [-4, 4, 200] });
 * ```
 */
export function classificationPlane(
  model: LogisticModel,
  grid: { readonly x1: Axis; readonly x2: Axis },
): ClassificationPlane {
  const x1 = linspace(...grid.x1);
  const x2 = linspace(...grid.x2);
  const wa = model.weights[0]!;
  const wb = model.weights.length > 1 ? model.weights[1]! : 0;
  const proba = new Float64Array(x1.length * x2.length);
  for (let j = 0; j < x2.length; j++) {
    for (let i = 0; i < x1.length; i++) {
      const z = wa * x1[i]! + wb * x2[j]! + model.bias;
      // Infinity − Infinity: the model's saturating logit finds the sign.
      proba[j * x1.length + i] = logistic(z === z ? z : logit(model, planePoint(model, x1[i]!, x2[j]!)));
    }
  }
  return { x1, x2, proba };
}

function planePoint(model: LogisticModel, a: number, b: number): Float64Array {
  const x = new Float64Array(model.weights.length);
  x[0] = a;
  if (x.length > 1) x[1] = b;
  return x;
}

/** The mean loss at one grid point, each sample's logit saturated as the learner's is. */
function exactMeanLoss(samples: readonly Sample[], wa: number, wb: number, base: SurfaceBase): number {
  const d = samples.length === 0 ? 2 : Math.max(2, samples[0]!.x.length);
  const weights = new Float64Array(d);
  weights[0] = wa;
  weights[1] = wb;
  for (let i = 2; i < d; i++) weights[i] = base.weights?.[i - 2] ?? 0;
  const model: LogisticModel = { weights, bias: base.bias ?? 0, useBias: true, seen: 0, updates: 0, refused: 0 };
  let sum = 0;
  for (const s of samples) sum += crossEntropyFromLogit(logit(model, s.x), s.t);
  return Math.min(sum / samples.length, Number.MAX_VALUE);
}

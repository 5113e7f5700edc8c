import { classificationPlane, createModel, lossSurface } from '../core/index.js';
import type { Sample } from '../core/index.js';
import type { ViewMessage } from './protocol.js';

/** What a view is computed from. */
export interface ViewInput {
  /** The recent window of samples (the surface and the plane are over these). */
  readonly samples: readonly Sample[];
  /** The current weights and bias (null when the model has none). */
  readonly weights: readonly number[];
  readonly bias: number | null;
  /** Recent (w1, w2) points of the weights' path, oldest first; the surface is drawn around them. */
  readonly path: readonly (readonly number[])[];
  readonly version: number;
  readonly n: number;
}

/** Options of {@link computeView}. */
export interface ViewOptions {
  /** Grid points per axis of the surface and the plane (default 40). */
  readonly gridSize?: number;
  /** Most samples sent with the view (default 300, the most recent). */
  readonly maxSamples?: number;
}

/**
 * The `view` message: the loss surface over the first two weights around the
 * weights' path (other weights and the bias held at their current values),
 * and the model's probability over the first two inputs, both over the recent
 * samples. Numbers are rounded to 5 significant digits: enough to draw.
 *
 * @param input - samples, current weights, the path and the model version
 * @param options - `gridSize` (default 40), `maxSamples` (default 300)
 * @example
 * ```ts
 * const view = computeView({ samples, weights: [1, 2], bias: 0, path: [[0, 0], [1, 2]], version: 7, n: 500 });
 * view.surface?.w1; // e.g. [-1.5, 2.5, 40]
 * ```
 */
export function computeView(input: ViewInput, options: ViewOptions = {}): ViewMessage {
  const { gridSize = 40, maxSamples = 300 } = options;
  const { samples, weights, bias, version, n } = input;
  const shown = samples.slice(Math.max(0, samples.length - maxSamples)).map((s) => ({ x: s.x.map(round), t: s.t }));
  if (weights.length < 2 || samples.length === 0) {
    return { type: 'view', version, n, samples: shown, surface: null, plane: null };
  }
  const points = [...input.path, weights];
  const around = { minMargin: 1, fraction: 0.25 };
  const w1 = axisAround(points.map((p) => p[0]!), around, gridSize);
  const w2 = axisAround(points.map((p) => p[1]!), around, gridSize);
  const surface = lossSurface(samples, { w1, w2 }, { weights: weights.slice(2), bias: bias ?? 0 });
  const over = { minMargin: 0.5, fraction: 0.05 };
  const x1 = axisAround(samples.map((s) => s.x[0]!), over, gridSize);
  const x2 = axisAround(samples.map((s) => s.x[1]!), over, gridSize);
  const model = createModel({ inputs: 2, bias: bias !== null, init: weights.slice(0, 2), initBias: bias ?? 0 });
  const plane = classificationPlane(model, { x1, x2 });
  return {
    type: 'view',
    version,
    n,
    samples: shown,
    surface: { w1, w2, loss: Array.from(surface.loss, round) },
    plane: { x1, x2, proba: Array.from(plane.proba, round) },
  };
}

/**
 * A grid axis covering the values with a margin (`fraction` of their span, at
 * least `minMargin`), its ends snapped outward to a round step (1, 2 or 5
 * times a power of ten, about a twentieth of the span) so the picture doesn't
 * jitter as the values move a little.
 *
 * @param values - the values to cover (non-finite ones are ignored)
 * @param margin - `minMargin` and `fraction` of the span
 * @param n - the number of grid points
 * @example
 * ```ts
 * axisAround([0.2, 1.7], { minMargin: 1, fraction: 0.25 }, 40); // [-0.8, 2.8, 40]
 * ```
 */
export function axisAround(
  values: readonly number[],
  margin: { readonly minMargin: number; readonly fraction: number },
  n: number,
): [number, number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [-margin.minMargin, margin.minMargin, n];
  // Spans and pads computed so that they neither overflow near MAX_VALUE nor vanish in rounding beyond 2^53.
  const limit = Number.MAX_VALUE / 4;
  const pad = Math.max(margin.minMargin, hi * margin.fraction - lo * margin.fraction, Math.max(Math.abs(lo), Math.abs(hi)) * 2 ** -30);
  lo = Math.max(lo - pad, -limit);
  hi = Math.min(hi + pad, limit);
  const step = niceStep(hi / 20 - lo / 20);
  // The epsilon keeps rounding noise (0.13 + 0.01 = 0.14000000000000001) from adding a step.
  return [Math.max(Math.floor(lo / step + 1e-9) * step, -limit), Math.min(Math.ceil(hi / step - 1e-9) * step, limit), n].map((v) => Number(v.toPrecision(12))) as [number, number, number];
}

/** The smallest of 1, 2, 5 × 10^k that is ≥ x (x > 0). */
function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  const m = x / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  const r = Number(v.toPrecision(5));
  return Number.isFinite(r) ? r : v; // 1.7977e308 is beyond MAX_VALUE
}

import { decisionPlane } from './decision-plane.js';
import { filledContours } from './filled-contours.js';
import { lineLayer, scatterLayer, textLayer, type DataPoint } from './layers.js';
import type { LegendPosition } from './legend.js';
import { BLACK_DOT, BLUE_CIRCLE, RED_STAR } from './markers.js';
import { renderFigure } from './svg-figure.js';

/** Inputs and 0/1 targets, as the tutorial's `X` and `t`. */
export interface LabelledPoints {
  /** One row `[x1, x2, …]` per sample; only the first two inputs are drawn. */
  readonly X: readonly (readonly number[])[];
  /** 0 (red star) or 1 (blue circle) per row. */
  readonly t: readonly (0 | 1)[];
}

/** A loss grid: `loss[j·w1.length + i]` at `(w1[i], w2[j])`, as the core's `lossSurface`. */
export interface LossGrid {
  readonly w1: ArrayLike<number>;
  readonly w2: ArrayLike<number>;
  readonly loss: ArrayLike<number>;
}

/** A probability grid: `proba[j·x1.length + i]` at `(x1[i], x2[j])`, as the core's `classificationPlane`. */
export interface ProbabilityGrid {
  readonly x1: ArrayLike<number>;
  readonly x2: ArrayLike<number>;
  readonly proba: ArrayLike<number>;
}

/** The tutorial's `plt.axis([-3, 4, -4, 4])`. */
const INPUT_AXIS = { xDomain: [-3, 4], yDomain: [-4, 4] } as const;

function split(data: LabelledPoints): { red: DataPoint[]; blue: DataPoint[] } {
  if (data.X.length !== data.t.length) {
    throw new RangeError(`X has ${data.X.length} rows but t has ${data.t.length} targets`);
  }
  const red: DataPoint[] = [];
  const blue: DataPoint[] = [];
  data.X.forEach((row, i) => {
    if (row.length < 2) throw new RangeError(`X[${i}] has ${row.length} inputs; the figures need at least 2`);
    const label = data.t[i];
    if (label !== 0 && label !== 1) throw new RangeError(`t[${i}] must be 0 or 1, got ${String(label)}`);
    (label === 0 ? red : blue).push([row[0]!, row[1]!]);
  });
  return { red, blue };
}

function classLayers(data: LabelledPoints, redLabel: string, blueLabel: string, position: LegendPosition) {
  const { red, blue } = split(data);
  return {
    layers: [scatterLayer(red, RED_STAR), scatterLayer(blue, BLUE_CIRCLE)],
    legend: { position, entries: [{ label: redLabel, marker: RED_STAR }, { label: blueLabel, marker: BLUE_CIRCLE }] },
  };
}

/**
 * Tutorial figure 1: the two classes on the (x₁, x₂) plane, red stars and blue
 * circles, axis [−3, 4, −4, 4], legend.
 *
 * @param data - `X` and `t`
 * @param legend - legend place (default `'upper left'`, the tutorial's `loc=2`)
 * @example
 * ```ts
 * const svg = classesFigure(tutorialDataset());
 * ```
 */
export function classesFigure(data: LabelledPoints, legend: LegendPosition = 'upper left'): string {
  return renderFigure({
    title: 'red star vs. blue circle classes in the input space',
    xLabel: 'x_1',
    yLabel: 'x_2',
    ...INPUT_AXIS,
    ...classLayers(data, 'class: red star', 'class: blue circle', legend),
  });
}

function surfaceLayer(surface: LossGrid, opacity: number) {
  return filledContours({ xs: surface.w1, ys: surface.w2, values: surface.loss }, { levels: 20, opacity });
}

function domainOf(axis: ArrayLike<number>): [number, number] {
  return [axis[0]!, axis[axis.length - 1]!];
}

/**
 * Tutorial figure 2: the loss over (w₁, w₂) as 20-level filled contours in
 * viridis, with a colour bar labelled ξ.
 *
 * @param surface - the loss grid (e.g. `lossSurface(samples, { w1: [-5, 5, 100], w2: [-5, 5, 100] })`)
 * @example
 * ```ts
 * const svg = lossSurfaceFigure(lossSurface(samples, { w1: [-5, 5, 100], w2: [-5, 5, 100] }));
 * ```
 */
export function lossSurfaceFigure(surface: LossGrid): string {
  const contours = surfaceLayer(surface, 1);
  return renderFigure({
    title: 'Loss function surface',
    xLabel: 'w_1',
    yLabel: 'w_2',
    xDomain: domainOf(surface.w1),
    yDomain: domainOf(surface.w2),
    layers: [contours],
    colorBar: contours.colorBar('ξ'),
  });
}

/**
 * Tutorial figure 3: the loss surface (opacity 0.9) with the first `steps`
 * gradient-descent updates: black points w(0)…w(steps) joined by lines, each
 * labelled `w(k)` 0.2 left of and 0.4 above its point, as the tutorial's `plt.text`.
 *
 * @param surface - the loss grid
 * @param weights - w(0), w(1), … (at least `steps + 1`)
 * @param steps - updates shown (default 3, the tutorial's)
 * @throws RangeError when there are fewer than `steps + 1` weights
 * @example
 * ```ts
 * const svg = descentFigure(surface, [[-4, -2], [-2.07, -1.25], [-0.25, -0.5], [1.1, 0.05]]);
 * ```
 */
export function descentFigure(surface: LossGrid, weights: readonly DataPoint[], steps = 3): string {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${String(steps)}`);
  if (weights.length < steps + 1) throw new RangeError(`descent figure needs ${steps + 1} weights w(0)…w(${steps}), got ${weights.length}`);
  const path = weights.slice(0, steps + 1);
  const contours = surfaceLayer(surface, 0.9);
  return renderFigure({
    title: 'Gradient descent updates on loss surface',
    xLabel: 'w_1',
    yLabel: 'w_2',
    xDomain: domainOf(surface.w1),
    yDomain: domainOf(surface.w2),
    layers: [
      contours,
      lineLayer(path),
      scatterLayer(path, BLACK_DOT),
      textLayer(path.map(([a, b], k) => ({ at: [a - 0.2, b + 0.4] as const, text: `w(${k})` }))),
    ],
    colorBar: contours.colorBar('loss'),
  });
}

/**
 * Tutorial figure 4: the classification plane as translucent red and blue
 * regions (class 1 where the probability is above 0.5), the samples, axis
 * [−3, 4, −4, 4], legend.
 *
 * @param plane - the probability grid (e.g. `classificationPlane(model, { x1: [-4, 4, 200], x2: [-4, 4, 200] })`)
 * @param data - `X` and `t`
 * @param legend - legend place (default `'upper left'`, the tutorial's `loc=2`)
 * @example
 * ```ts
 * const svg = decisionBoundaryFigure(classificationPlane(model, grid), tutorialDataset());
 * ```
 */
export function decisionBoundaryFigure(plane: ProbabilityGrid, data: LabelledPoints, legend: LegendPosition = 'upper left'): string {
  const classes = classLayers(data, 'target red star', 'target blue circle', legend);
  return renderFigure({
    title: 'red star vs. blue circle classification boundary',
    xLabel: 'x_1',
    yLabel: 'x_2',
    ...INPUT_AXIS,
    layers: [decisionPlane({ xs: plane.x1, ys: plane.x2, values: plane.proba }), ...classes.layers],
    legend: classes.legend,
  });
}

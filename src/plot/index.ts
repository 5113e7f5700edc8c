/**
 * Pure SVG plotting: figures as strings, no I/O. Enough of matplotlib's look
 * (seaborn `darkgrid`, `contourf` levels, `r*`/`bo` markers, colour bars) to
 * redraw the tutorial's four figures.
 *
 * Public: the four tutorial figures, and what it takes to compose a figure of
 * one's own (`renderFigure` with layers: scatter, line, text, filled contours,
 * a decision plane; legends and colour bars through the spec; the tutorial's
 * marker and region presets). The scales, tick pickers, contour tracing, text
 * measuring and SVG formatting behind them are internal and may change.
 *
 * @example
 * ```ts
 * import { renderFigure, scatterLayer, RED_STAR } from 'rxlogit/plot';
 * const svg = renderFigure({ xDomain: [0, 1], yDomain: [0, 1], layers: [scatterLayer([[0.5, 0.5]], RED_STAR)] });
 * ```
 *
 * @packageDocumentation
 */
export type { ColorBarSpec } from './color-bar.js';
export { decisionPlane, TUTORIAL_REGION_FILLS } from './decision-plane.js';
export type { DecisionPlaneOptions, RegionFill } from './decision-plane.js';
export { filledContours } from './filled-contours.js';
export type { FilledContours, FilledContoursOptions } from './filled-contours.js';
export type { GridData } from './grid-contours.js';
export { lineLayer, scatterLayer, textLayer } from './layers.js';
export type { DataPoint, Layer, LineStyle, PlotArea, PlotContext, TextLabel, TextStyle } from './layers.js';
export type { LegendEntry, LegendPosition, LegendSpec } from './legend.js';
export { BLACK_DOT, BLUE_CIRCLE, RED_STAR } from './markers.js';
export type { MarkerShape, MarkerStyle } from './markers.js';
export type { LinearScale } from './scales.js';
export { renderFigure } from './svg-figure.js';
export type { FigureSpec } from './svg-figure.js';
export { classesFigure, decisionBoundaryFigure, descentFigure, lossSurfaceFigure } from './tutorial-figures.js';
export type { LabelledPoints, LossGrid, ProbabilityGrid } from './tutorial-figures.js';

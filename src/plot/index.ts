/**
 * Pure SVG plotting: figures as strings, no I/O. Enough of matplotlib's look
 * (seaborn `darkgrid`, `contourf` levels, `r*`/`bo` markers, colour bars) to
 * redraw the tutorial's four figures.
 *
 * @packageDocumentation
 */
export { renderColorBar, COLOR_BAR_WIDTH } from './color-bar.js';
export type { ColorBarSpec } from './color-bar.js';
export { contourLevels, finiteExtent } from './contour-levels.js';
export { decisionPlane, TUTORIAL_REGION_FILLS } from './decision-plane.js';
export type { DecisionPlaneOptions, RegionFill } from './decision-plane.js';
export { filledContours } from './filled-contours.js';
export type { FilledContours, FilledContoursOptions } from './filled-contours.js';
export { checkGrid, contourRegions, regionPath } from './grid-contours.js';
export type { ContourRegion, GridData } from './grid-contours.js';
export { lineLayer, scatterLayer, textLayer } from './layers.js';
export type { DataPoint, Layer, LineStyle, PlotArea, PlotContext, TextLabel, TextStyle } from './layers.js';
export { legendBox, renderLegend } from './legend.js';
export type { LegendEntry, LegendPosition, LegendSpec } from './legend.js';
export { BLACK_DOT, BLUE_CIRCLE, RED_STAR, markerSvg } from './markers.js';
export type { MarkerShape, MarkerStyle } from './markers.js';
export { estimateTextWidth, mathText, plainText } from './math-text.js';
export { linearScale, maxNLocator, niceTicks } from './scales.js';
export type { LinearScale } from './scales.js';
export { figureContext, renderFigure } from './svg-figure.js';
export type { FigureSpec } from './svg-figure.js';
export { escapeXml, formatTick, svgAttrs, svgNumber } from './svg-format.js';
export type { SvgAttrValue } from './svg-format.js';
export { classesFigure, decisionBoundaryFigure, descentFigure, lossSurfaceFigure } from './tutorial-figures.js';
export type { LabelledPoints, LossGrid, ProbabilityGrid } from './tutorial-figures.js';

import { COLOR_BAR_WIDTH, renderColorBar, type ColorBarSpec } from './color-bar.js';
import type { DataPoint, Layer, PlotArea, PlotContext } from './layers.js';
import { renderLegend, type LegendSpec } from './legend.js';
import { mathText, plainText } from './math-text.js';
import { linearScale, niceTicks } from './scales.js';
import { escapeXml, formatTick, svgAttrs, svgNumber } from './svg-format.js';

/** Everything a figure shows. */
export interface FigureSpec {
  /** Width in pixels (default 640). */
  readonly width?: number;
  /** Height in pixels (default 440). */
  readonly height?: number;
  /** Title above the plot area. */
  readonly title?: string;
  /** Horizontal axis label, `_` subscripts allowed (`'x_1'`). */
  readonly xLabel?: string;
  /** Vertical axis label, `_` subscripts allowed (`'w_2'`). */
  readonly yLabel?: string;
  /** Visible data range on the horizontal axis, as matplotlib's `axis([xmin, xmax, …])`. */
  readonly xDomain: readonly [number, number];
  /** Visible data range on the vertical axis (larger values are drawn higher). */
  readonly yDomain: readonly [number, number];
  /** Horizontal tick values (default: nice values, about one per 70 px). */
  readonly xTicks?: readonly number[];
  /** Vertical tick values (default: nice values, about one per 60 px). */
  readonly yTicks?: readonly number[];
  /** Layers drawn in order inside the plot area, clipped to it. */
  readonly layers: readonly Layer[];
  /** A legend inside the plot area. */
  readonly legend?: LegendSpec;
  /** A colour bar right of the plot area. */
  readonly colorBar?: ColorBarSpec;
  /** Draw white grid lines at the ticks under the layers (default true, seaborn's `darkgrid`). */
  readonly grid?: boolean;
  /** Plot-area background (default `'#eaeaf2'`, seaborn's `darkgrid`). */
  readonly background?: string;
  /** Prefix of the SVG element ids, unique per document if figures are inlined together (default `'fig'`). */
  readonly idPrefix?: string;
}

const TEXT = '#262626';
const FONT_FAMILY = 'DejaVu Sans, Arial, Helvetica, sans-serif';

/**
 * The plot area and scales a figure spec leads to, for callers that need the
 * pixel position of a data point (tests, overlays).
 *
 * @param spec - the figure spec
 * @throws RangeError on a non-finite or empty domain or a figure too small for its margins
 * @example
 * ```ts
 * const ctx = figureContext({ xDomain: [-3, 4], yDomain: [-4, 4], layers: [] });
 * ctx.y(4) < ctx.y(-4); // true: up is up
 * ```
 */
export function figureContext(spec: FigureSpec): PlotContext {
  const width = spec.width ?? 640;
  const height = spec.height ?? 440;
  const margin = {
    left: spec.yLabel === undefined ? 46 : 62,
    right: 18 + (spec.colorBar === undefined ? 0 : COLOR_BAR_WIDTH),
    top: spec.title === undefined ? 16 : 38,
    bottom: spec.xLabel === undefined ? 34 : 52,
  };
  const area: PlotArea = {
    left: margin.left,
    top: margin.top,
    width: width - margin.left - margin.right,
    height: height - margin.top - margin.bottom,
  };
  if (!(area.width >= 40 && area.height >= 40)) {
    throw new RangeError(`figure ${width}×${height} leaves a plot area of ${area.width}×${area.height} px; need at least 40×40`);
  }
  return {
    area,
    x: linearScale(spec.xDomain, [area.left, area.left + area.width]),
    y: linearScale(spec.yDomain, [area.top + area.height, area.top]),
  };
}

/**
 * Renders a complete, standalone SVG document: background, plot area with
 * grid, clipped layers, ticks, axis labels, title, legend and colour bar.
 * Pure and deterministic: the same spec gives the same string; every number
 * is checked finite and every text escaped.
 *
 * @param spec - what to draw; see {@link FigureSpec} for the defaults
 * @returns the SVG document, starting with `<svg`
 * @throws RangeError on a non-finite coordinate anywhere (naming what it was) or a bad domain
 * @example
 * ```ts
 * const svg = renderFigure({
 *   title: 'classes', xLabel: 'x_1', yLabel: 'x_2', xDomain: [-3, 4], yDomain: [-4, 4],
 *   layers: [scatterLayer(red, RED_STAR), scatterLayer(blue, BLUE_CIRCLE)],
 *   legend: { entries: [{ label: 'class: red star', marker: RED_STAR }] },
 * });
 * ```
 */
export function renderFigure(spec: FigureSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 440;
  const ctx = figureContext(spec);
  const { area } = ctx;
  const id = spec.idPrefix ?? 'fig';
  const [x0, x1] = spec.xDomain;
  const [y0, y1] = spec.yDomain;
  const xTicks = (spec.xTicks ?? niceTicks(Math.min(x0, x1), Math.max(x0, x1), bins(area.width, 70))).filter((t) => inside(t, x0, x1));
  const yTicks = (spec.yTicks ?? niceTicks(Math.min(y0, y1), Math.max(y0, y1), bins(area.height, 60))).filter((t) => inside(t, y0, y1));
  const right = area.left + area.width;
  const bottom = area.top + area.height;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg"${svgAttrs({ width, height, viewBox: `0 0 ${svgNumber(width)} ${svgNumber(height)}`, 'font-family': FONT_FAMILY })}>`,
  );
  if (spec.title !== undefined) parts.push(`<title>${escapeXml(plainText(spec.title))}</title>`);
  parts.push(`<defs><clipPath id="${escapeXml(id)}-plot-area"><rect${svgAttrs({ x: area.left, y: area.top, width: area.width, height: area.height })}/></clipPath></defs>`);
  parts.push(`<rect${svgAttrs({ x: 0, y: 0, width, height, fill: '#ffffff' })}/>`);
  parts.push(`<rect${svgAttrs({ x: area.left, y: area.top, width: area.width, height: area.height, fill: spec.background ?? '#eaeaf2' })}/>`);
  if (spec.grid ?? true) {
    const lines = [
      ...xTicks.map((t) => ({ x1: ctx.x(t), x2: ctx.x(t), y1: area.top, y2: bottom })),
      ...yTicks.map((t) => ({ x1: area.left, x2: right, y1: ctx.y(t), y2: ctx.y(t) })),
    ];
    parts.push(`<g class="grid">${lines.map((l) => `<line${svgAttrs({ ...l, stroke: '#ffffff', 'stroke-width': 1 })}/>`).join('')}</g>`);
  }
  parts.push(`<g class="layers" clip-path="url(#${escapeXml(id)}-plot-area)">${spec.layers.map((l) => l.render(ctx)).join('')}</g>`);
  parts.push(axisTicks(ctx, xTicks, yTicks));
  if (spec.xLabel !== undefined) {
    parts.push(`<text${svgAttrs({ x: area.left + area.width / 2, y: bottom + 40, 'font-size': 13, fill: TEXT, 'text-anchor': 'middle' })}>${mathText(spec.xLabel, 13)}</text>`);
  }
  if (spec.yLabel !== undefined) {
    const lx = 18;
    const ly = area.top + area.height / 2;
    parts.push(
      `<text${svgAttrs({ x: lx, y: ly, 'font-size': 13, fill: TEXT, 'text-anchor': 'middle', transform: `rotate(-90 ${svgNumber(lx)} ${svgNumber(ly)})` })}>${mathText(spec.yLabel, 13)}</text>`,
    );
  }
  if (spec.title !== undefined) {
    parts.push(`<text${svgAttrs({ x: area.left + area.width / 2, y: area.top - 12, 'font-size': 13, fill: TEXT, 'text-anchor': 'middle' })}>${mathText(spec.title, 13)}</text>`);
  }
  if (spec.legend !== undefined) {
    const points: DataPoint[] = spec.layers.flatMap((l) => l.points ?? []);
    parts.push(renderLegend(spec.legend, ctx, points));
  }
  if (spec.colorBar !== undefined) {
    parts.push(renderColorBar(spec.colorBar, { left: right + 16, top: area.top, width: 16, height: area.height }));
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function bins(pixels: number, per: number): number {
  return Math.max(2, Math.min(9, Math.round(pixels / per)));
}

function inside(t: number, a: number, b: number): boolean {
  const eps = Math.abs(b - a) * 1e-9;
  return t >= Math.min(a, b) - eps && t <= Math.max(a, b) + eps;
}

function axisTicks(ctx: PlotContext, xTicks: readonly number[], yTicks: readonly number[]): string {
  const { area } = ctx;
  const bottom = area.top + area.height;
  const xs = xTicks.map(
    (t) => `<text${svgAttrs({ x: ctx.x(t), y: bottom + 16, 'font-size': 11, fill: TEXT, 'text-anchor': 'middle' })}>${formatTick(t)}</text>`,
  );
  const ys = yTicks.map(
    (t) => `<text${svgAttrs({ x: area.left - 6, y: ctx.y(t) + 4, 'font-size': 11, fill: TEXT, 'text-anchor': 'end' })}>${formatTick(t)}</text>`,
  );
  return `<g class="ticks">${xs.join('')}${ys.join('')}</g>`;
}

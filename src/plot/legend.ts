import type { PlotArea, PlotContext, DataPoint } from './layers.js';
import { markerSvg, type MarkerStyle } from './markers.js';
import { estimateTextWidth, mathText } from './math-text.js';
import { svgAttrs } from './svg-format.js';

/** Where a legend goes inside the plot area; `'best'` picks the place covering the fewest points. */
export type LegendPosition =
  | 'best'
  | 'upper right'
  | 'upper left'
  | 'lower left'
  | 'lower right'
  | 'center right'
  | 'center left'
  | 'lower center'
  | 'upper center';

/** One legend row: a marker and its label. */
export interface LegendEntry {
  /** The label, `_` subscripts as in {@link mathText}. */
  readonly label: string;
  /** The marker shown beside it. */
  readonly marker: MarkerStyle;
}

/** A legend: its rows and its place. */
export interface LegendSpec {
  /** The rows, top to bottom. */
  readonly entries: readonly LegendEntry[];
  /** Where it goes (default `'upper left'`, the tutorial's `loc=2`). */
  readonly position?: LegendPosition;
}

// matplotlib's order of preference for loc='best'.
const CANDIDATES: readonly Exclude<LegendPosition, 'best'>[] = [
  'upper right',
  'upper left',
  'lower left',
  'lower right',
  'center right',
  'center left',
  'lower center',
  'upper center',
];

const FONT = 11;
const ROW = 18;
const PAD = 6;
const INSET = 8;
const MARKER_COLUMN = 24;

function boxAt(position: Exclude<LegendPosition, 'best'>, area: PlotArea, w: number, h: number): PlotArea {
  const [v, hz] = position.includes(' ') ? (position.split(' ') as [string, string]) : [position, position];
  const left =
    hz === 'left' ? area.left + INSET : hz === 'right' ? area.left + area.width - INSET - w : area.left + (area.width - w) / 2;
  const top =
    v === 'upper' ? area.top + INSET : v === 'lower' ? area.top + area.height - INSET - h : area.top + (area.height - h) / 2;
  return { left, top, width: w, height: h };
}

/**
 * Chooses the legend's rectangle: the given position, or for `'best'` the
 * candidate covering the fewest of the given points (ties go to matplotlib's
 * order: upper right, upper left, lower left, lower right, …).
 *
 * @param spec - entries and position
 * @param ctx - scales and plot area
 * @param points - data points to avoid (for `'best'`)
 * @returns the rectangle in pixels
 * @example
 * ```ts
 * const box = legendBox({ entries, position: 'best' }, ctx, samples);
 * ```
 */
export function legendBox(spec: LegendSpec, ctx: PlotContext, points: readonly DataPoint[]): PlotArea {
  const textWidth = Math.max(0, ...spec.entries.map((e) => estimateTextWidth(e.label, FONT)));
  const w = PAD * 2 + MARKER_COLUMN + textWidth + 4;
  const h = PAD * 2 + ROW * spec.entries.length;
  const position = spec.position ?? 'upper left';
  if (position !== 'best') return boxAt(position, ctx.area, w, h);
  const pixels = points.map(([x, y]) => [ctx.x(x), ctx.y(y)] as const);
  let best = boxAt(CANDIDATES[0]!, ctx.area, w, h);
  let fewest = Infinity;
  for (const candidate of CANDIDATES) {
    const box = boxAt(candidate, ctx.area, w, h);
    const margin = 5; // a marker's half-size: touching counts as covering
    const covered = pixels.filter(
      ([px, py]) =>
        px >= box.left - margin && px <= box.left + box.width + margin && py >= box.top - margin && py <= box.top + box.height + margin,
    ).length;
    if (covered < fewest) {
      fewest = covered;
      best = box;
    }
  }
  return best;
}

/**
 * Renders a legend: a white, slightly translucent rounded box with one
 * marker and label per row.
 *
 * @param spec - entries and position
 * @param ctx - scales and plot area
 * @param points - data points to avoid when the position is `'best'`
 * @example
 * ```ts
 * renderLegend({ entries: [{ label: 'class: red star', marker: RED_STAR }] }, ctx, []);
 * ```
 */
export function renderLegend(spec: LegendSpec, ctx: PlotContext, points: readonly DataPoint[]): string {
  if (spec.entries.length === 0) return '';
  const box = legendBox(spec, ctx, points);
  const rows = spec.entries
    .map((e, i) => {
      const cy = box.top + PAD + ROW * i + ROW / 2;
      return (
        markerSvg(e.marker, box.left + PAD + MARKER_COLUMN / 2, cy) +
        `<text${svgAttrs({ x: box.left + PAD + MARKER_COLUMN + 2, y: cy + FONT * 0.35, 'font-size': FONT, fill: '#262626' })}>${mathText(e.label, FONT)}</text>`
      );
    })
    .join('');
  return (
    `<g class="legend">` +
    `<rect${svgAttrs({ x: box.left, y: box.top, width: box.width, height: box.height, rx: 3, fill: '#ffffff', 'fill-opacity': 0.8, stroke: '#cccccc', 'stroke-width': 0.8 })}/>` +
    rows +
    `</g>`
  );
}

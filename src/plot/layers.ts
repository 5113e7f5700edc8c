import type { LinearScale } from './scales.js';
import { markerSvg, type MarkerStyle } from './markers.js';
import { mathText } from './math-text.js';
import { svgAttrs, svgNumber } from './svg-format.js';

/** A point in data coordinates. */
export type DataPoint = readonly [number, number];

/** The pixel rectangle of a figure's plot area. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** What a layer needs to draw itself: the data → pixel scales and the plot area. */
export interface PlotContext {
  /** Horizontal scale, data → pixels from the figure's left edge. */
  readonly x: LinearScale;
  /** Vertical scale, data → pixels from the figure's top edge (flipped: larger values higher up). */
  readonly y: LinearScale;
  /** The plot area the layers are clipped to. */
  readonly area: PlotArea;
}

/** Something drawn inside the plot area, in data coordinates. */
export interface Layer {
  /** The layer's SVG elements for the given scales. */
  render(ctx: PlotContext): string;
  /** Data points a legend should not cover (used by the legend's `'best'` placement). */
  readonly points?: readonly DataPoint[];
}

function checkPoints(points: readonly DataPoint[], what: string): void {
  points.forEach((p, i) => {
    if (p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new RangeError(`${what}: point ${i} is not two finite numbers: [${p.join(', ')}]`);
    }
  });
}

/**
 * A scatter layer: one marker per point, as matplotlib's `plot(x, y, 'r*')`.
 *
 * @param points - data points, each two finite numbers
 * @param style - the marker
 * @throws RangeError when a point is not two finite numbers (the message gives its index)
 * @example
 * ```ts
 * const layer = scatterLayer([[0, 1], [2, -1]], RED_STAR);
 * ```
 */
export function scatterLayer(points: readonly DataPoint[], style: MarkerStyle): Layer {
  checkPoints(points, 'scatter layer');
  return {
    points,
    render: (ctx) => points.map(([px, py]) => markerSvg(style, ctx.x(px), ctx.y(py))).join(''),
  };
}

/** Stroke of a {@link lineLayer}. */
export interface LineStyle {
  /** Line colour (default black). */
  readonly stroke?: string;
  /** Line width in pixels (default 1.5, matplotlib's). */
  readonly width?: number;
}

/**
 * A polyline through the points in order, as matplotlib's `plot(x, y, 'k-')`.
 *
 * @param points - at least two data points
 * @param style - colour (default black) and width (default 1.5)
 * @throws RangeError on fewer than two points or a non-finite coordinate
 * @example
 * ```ts
 * const path = lineLayer([[-4, -2], [-2, -1.25]], { stroke: 'black' });
 * ```
 */
export function lineLayer(points: readonly DataPoint[], style: LineStyle = {}): Layer {
  checkPoints(points, 'line layer');
  if (points.length < 2) throw new RangeError(`line layer needs at least 2 points, got ${points.length}`);
  return {
    points,
    render: (ctx) => {
      const d = points
        .map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${svgNumber(ctx.x(px), 'line x')},${svgNumber(ctx.y(py), 'line y')}`)
        .join('');
      return `<path${svgAttrs({ d, fill: 'none', stroke: style.stroke ?? '#000000', 'stroke-width': style.width ?? 1.5, 'stroke-linejoin': 'round' })}/>`;
    },
  };
}

/** One text label of a {@link textLayer}. */
export interface TextLabel {
  /** Anchor in data coordinates. */
  readonly at: DataPoint;
  /** The text, with `_` subscripts as in {@link mathText}. */
  readonly text: string;
}

/** Font of a {@link textLayer}. */
export interface TextStyle {
  /** Font size in pixels (default 12). */
  readonly fontSize?: number;
  /** Text colour (default black). */
  readonly fill?: string;
  /** Horizontal alignment at the anchor (default `'start'`, as matplotlib's `text`). */
  readonly anchor?: 'start' | 'middle' | 'end';
}

/**
 * Text labels placed at data coordinates, as matplotlib's `plt.text(x, y, s)`
 * (left-aligned, baseline at the anchor).
 *
 * @param labels - the labels
 * @param style - font size (default 12), colour (default black), alignment (default `'start'`)
 * @throws RangeError when an anchor is not two finite numbers
 * @example
 * ```ts
 * const marks = textLayer([{ at: [-4.2, -1.6], text: 'w(0)' }]);
 * ```
 */
export function textLayer(labels: readonly TextLabel[], style: TextStyle = {}): Layer {
  checkPoints(labels.map((l) => l.at), 'text layer');
  const fontSize = style.fontSize ?? 12;
  return {
    render: (ctx) =>
      labels
        .map(
          (l) =>
            `<text${svgAttrs({ x: ctx.x(l.at[0]), y: ctx.y(l.at[1]), 'font-size': fontSize, fill: style.fill ?? '#000000', 'text-anchor': style.anchor ?? 'start' })}>${mathText(l.text, fontSize)}</text>`,
        )
        .join(''),
  };
}

import { mathText } from './math-text.js';
import { niceTicks, linearScale } from './scales.js';
import type { PlotArea } from './layers.js';
import { formatTick, svgAttrs, svgNumber } from './svg-format.js';

/** A vertical colour bar of discrete bands, as matplotlib's `colorbar()` of a `contourf`. */
export interface ColorBarSpec {
  /** Band edges, increasing, at least 2. */
  readonly levels: readonly number[];
  /** One colour per band (`levels.length − 1`). */
  readonly colors: readonly string[];
  /** Opacity of the bands (default 1), to match a translucent plot. */
  readonly opacity?: number;
  /** Label beside the bar, rotated, e.g. `'ξ'` or `'loss'`; `_` subscripts as in {@link mathText}. */
  readonly label?: string;
  /** Tick values (default: nice values inside the levels' range). */
  readonly ticks?: readonly number[];
}

/** Horizontal room a colour bar takes right of the plot area, in pixels (gap, bar, ticks, label). */
export const COLOR_BAR_WIDTH = 96;

/**
 * Renders a colour bar into a box: bands from the lowest level at the bottom
 * to the highest at the top, tick marks and values on the right, the label
 * rotated beyond them.
 *
 * @param spec - levels, colours, label, ticks
 * @param box - the bar's own rectangle in pixels
 * @param fontSize - tick font size in pixels (default 11)
 * @throws RangeError when the colours do not match the levels or a level is not finite and increasing
 * @example
 * ```ts
 * renderColorBar({ levels: [0, 1, 2], colors: ['#440154', '#fde725'], label: 'ξ' },
 *   { left: 560, top: 40, width: 16, height: 300 });
 * ```
 */
export function renderColorBar(spec: ColorBarSpec, box: PlotArea, fontSize = 11): string {
  const { levels, colors } = spec;
  if (levels.length < 2) throw new RangeError(`colour bar needs at least 2 levels, got ${levels.length}`);
  if (colors.length !== levels.length - 1) {
    throw new RangeError(`colour bar has ${colors.length} colours for ${levels.length} levels; expected ${levels.length - 1}`);
  }
  levels.forEach((l, i) => {
    if (!Number.isFinite(l) || (i > 0 && !(l > levels[i - 1]!))) {
      throw new RangeError(`colour bar level ${i} (${String(l)}) is not finite and greater than the previous one`);
    }
  });
  const lo = levels[0]!;
  const hi = levels[levels.length - 1]!;
  const y = linearScale([lo, hi], [box.top + box.height, box.top]);
  const bands = colors
    .map((fill, i) => {
      const top = y(levels[i + 1]!);
      // Overlap each band by half a pixel into the next so no seam shows.
      const height = y(levels[i]!) - top + (i > 0 ? 0.5 : 0);
      return `<rect${svgAttrs({ x: box.left, y: top, width: box.width, height, fill, stroke: 'none' })}/>`;
    })
    .join('');
  const opacity = spec.opacity ?? 1;
  const right = box.left + box.width;
  const ticks = (spec.ticks ?? niceTicks(lo, hi, Math.max(2, Math.min(9, Math.round(box.height / 40))))).filter(
    (t) => t >= lo && t <= hi,
  );
  const tickSvg = ticks
    .map((t) => {
      const ty = y(t);
      return (
        `<line${svgAttrs({ x1: right, x2: right + 4, y1: ty, y2: ty, stroke: '#262626', 'stroke-width': 0.8 })}/>` +
        `<text${svgAttrs({ x: right + 7, y: ty + fontSize * 0.35, 'font-size': fontSize, fill: '#262626' })}>${formatTick(t)}</text>`
      );
    })
    .join('');
  const labelSvg =
    spec.label === undefined
      ? ''
      : (() => {
          const lx = right + 7 + fontSize * 3.2;
          const ly = box.top + box.height / 2;
          return `<text${svgAttrs({ x: lx, y: ly, 'font-size': 12, fill: '#262626', 'text-anchor': 'middle', transform: `rotate(-90 ${svgNumber(lx)} ${svgNumber(ly)})` })}>${mathText(spec.label, 12)}</text>`;
        })();
  return (
    `<g class="color-bar">` +
    `<g${svgAttrs({ opacity: opacity === 1 ? undefined : opacity })}>${bands}</g>` +
    `<rect${svgAttrs({ x: box.left, y: box.top, width: box.width, height: box.height, fill: 'none', stroke: '#262626', 'stroke-width': 0.6 })}/>` +
    tickSvg +
    labelSvg +
    `</g>`
  );
}

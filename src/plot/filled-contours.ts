import { interpolateViridis } from 'd3-scale-chromatic';
import type { ColorBarSpec } from './color-bar.js';
import { contourLevels, finiteExtent } from './contour-levels.js';
import { contourRegions, regionPath, type GridData } from './grid-contours.js';
import type { Layer } from './layers.js';
import { svgAttrs } from './svg-format.js';

/** Options of {@link filledContours}. */
export interface FilledContoursOptions {
  /**
   * The level values, increasing, or how many levels to choose as
   * matplotlib's `contourf(…, n)` does (default 20).
   */
  readonly levels?: number | readonly number[];
  /** Colour map from [0, 1] to a CSS colour (default `d3-scale-chromatic`'s `interpolateViridis`). */
  readonly colormap?: (t: number) => string;
  /** Opacity of the whole layer, as matplotlib's `alpha` (default 1). */
  readonly opacity?: number;
}

/** A filled-contour layer with the levels and band colours it chose. */
export interface FilledContours extends Layer {
  /** The level values; band `i` lies between `levels[i]` and `levels[i + 1]`. */
  readonly levels: readonly number[];
  /** Colour of each band (one fewer than the levels). */
  readonly bandColors: readonly string[];
  /**
   * A matching colour bar for the figure.
   *
   * @param label - the colour bar's label, e.g. `'ξ'`
   */
  colorBar(label?: string): ColorBarSpec;
}

/**
 * Filled contours of a grid, as matplotlib's `contourf(X, Y, Z, 20, cmap=cm.viridis)`:
 * band `i` (values between `levels[i]` and `levels[i + 1]`) is painted with
 * `colormap` at the band's midpoint, normalised over the first and last level.
 * Regions come from `d3-contour`'s `contours().size([nx, ny]).thresholds(levels)`
 * and are painted lowest first, each covering the ones below, so no seams
 * show between bands; the opacity applies to the group as a whole.
 *
 * @param grid - values on a grid (row-major, x fastest)
 * @param options - levels (default 20), colour map (default viridis), opacity (default 1)
 * @throws RangeError on a malformed grid, no finite value, fewer than 2 or non-increasing levels, or an opacity outside [0, 1]
 * @example
 * ```ts
 * const surface = filledContours({ xs: s.w1, ys: s.w2, values: s.loss }, { levels: 20 });
 * renderFigure({ …, layers: [surface], colorBar: surface.colorBar('ξ') });
 * ```
 */
export function filledContours(grid: GridData, options: FilledContoursOptions = {}): FilledContours {
  const { colormap = interpolateViridis, opacity = 1 } = options;
  if (!(opacity >= 0 && opacity <= 1)) throw new RangeError(`opacity must be in [0, 1], got ${String(opacity)}`);
  const spec = options.levels ?? 20;
  let levels: number[];
  if (typeof spec === 'number') {
    const [zmin, zmax] = finiteExtent(grid.values);
    levels = contourLevels(zmin, zmax, spec);
  } else {
    levels = [...spec];
    if (levels.length < 2) throw new RangeError(`filled contours need at least 2 levels, got ${levels.length}`);
    levels.forEach((l, i) => {
      if (!Number.isFinite(l)) throw new RangeError(`level ${i} is not a finite number: ${String(l)}`);
      if (i > 0 && !(l > levels[i - 1]!)) throw new RangeError(`levels must increase, but level ${i} = ${l} ≤ level ${i - 1} = ${levels[i - 1]}`);
    });
  }
  const lo = levels[0]!;
  const span = levels[levels.length - 1]! - lo;
  const bandColors = levels.slice(0, -1).map((l, i) => colormap(((l + levels[i + 1]!) / 2 - lo) / span));
  // Values below the first level are left empty, as matplotlib does; values
  // above the last one (possible only with explicit levels) get the top band's colour.
  const regions = contourRegions(grid, levels.slice(0, -1));
  return {
    levels,
    bandColors,
    colorBar: (label) => ({ levels, colors: bandColors, opacity, ...(label === undefined ? {} : { label }) }),
    render: (ctx) => {
      const paths = regions
        .map((r, i) => {
          const d = regionPath(r, ctx);
          return d === '' ? '' : `<path${svgAttrs({ d, fill: bandColors[i], stroke: 'none' })}/>`;
        })
        .join('');
      return `<g${svgAttrs({ class: 'filled-contours', opacity: opacity === 1 ? undefined : opacity })}>${paths}</g>`;
    },
  };
}

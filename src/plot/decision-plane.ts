import { contourRegions, checkGrid, regionPath, type GridData } from './grid-contours.js';
import type { Layer } from './layers.js';
import { svgAttrs } from './svg-format.js';

/** A translucent fill. */
export interface RegionFill {
  /** CSS colour. */
  readonly color: string;
  /** Fill opacity in [0, 1]. */
  readonly opacity: number;
}

/** Options of {@link decisionPlane}. */
export interface DecisionPlaneOptions {
  /** A grid point is class 1 when its value is strictly above this (default 0.5, as `predictClass`). */
  readonly threshold?: number;
  /** Fills of class 0 and class 1 (default red and blue at opacity 0.3, the tutorial's `ListedColormap`). */
  readonly fills?: readonly [RegionFill, RegionFill];
}

/** The tutorial's colours: `colorConverter.to_rgba('r', alpha=0.3)` and `('b', alpha=0.3)`. */
export const TUTORIAL_REGION_FILLS: readonly [RegionFill, RegionFill] = [
  { color: '#ff0000', opacity: 0.3 },
  { color: '#0000ff', opacity: 0.3 },
];

/**
 * The classification plane as two translucent regions, as the tutorial's
 * `contourf(xx, yy, classification_plane, cmap=ListedColormap([red 0.3, blue 0.3]))`.
 * Grid values (probabilities, or 0/1 classes) above `threshold` are class 1,
 * the others class 0. Each class's region is traced separately with
 * `d3-contour`, so the two never overlap and their colours never mix; the
 * boundary is where the linearly interpolated values cross the threshold
 * (straight for a linear model; halfway between grid points for 0/1 classes).
 * A NaN value belongs to neither region.
 *
 * @param grid - probabilities or classes on a grid (row-major, x fastest), e.g. the core's `classificationPlane`
 * @param options - threshold (default 0.5) and fills (default {@link TUTORIAL_REGION_FILLS})
 * @throws RangeError on a malformed grid, a non-finite threshold or an opacity outside [0, 1]
 * @example
 * ```ts
 * const plane = classificationPlane(model, { x1: [-4, 4, 200], x2: [-4, 4, 200] });
 * const layer = decisionPlane({ xs: plane.x1, ys: plane.x2, values: plane.proba });
 * ```
 */
export function decisionPlane(grid: GridData, options: DecisionPlaneOptions = {}): Layer {
  const { threshold = 0.5, fills = TUTORIAL_REGION_FILLS } = options;
  if (!Number.isFinite(threshold)) throw new RangeError(`decision threshold is not a finite number: ${String(threshold)}`);
  fills.forEach((f, i) => {
    if (!(f.opacity >= 0 && f.opacity <= 1)) throw new RangeError(`fill ${i} opacity must be in [0, 1], got ${String(f.opacity)}`);
  });
  checkGrid(grid);
  // Class 1 is {v > threshold}, class 0 is {v ≤ threshold} = {−v ≥ −threshold}.
  // Tracing the values themselves (not 0/1 classes) puts the boundary where
  // linear interpolation crosses the threshold: a straight line for a linear
  // model, where 0/1 classes would give a staircase. The two regions share
  // only that boundary. d3-contour's regions are {v ≥ level}: class 1 needs
  // v > threshold, so it is traced at the next float above the threshold.
  const negated = Float64Array.from(grid.values as ArrayLike<number>, (v) => -v);
  const above = threshold === 0 ? Number.MIN_VALUE : threshold + Math.abs(threshold) * Number.EPSILON;
  const regions = [
    contourRegions({ xs: grid.xs, ys: grid.ys, values: negated }, [-threshold])[0]!,
    contourRegions(grid, [above])[0]!,
  ];
  return {
    render: (ctx) =>
      `<g class="decision-plane">` +
      regions
        .map((r, c) => {
          const d = regionPath(r, ctx);
          const fill = fills[c]!;
          return d === '' ? '' : `<path${svgAttrs({ class: `class-${c}`, d, fill: fill.color, 'fill-opacity': fill.opacity, stroke: 'none' })}/>`;
        })
        .join('') +
      `</g>`,
  };
}

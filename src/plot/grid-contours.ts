import { contours } from 'd3-contour';
import type { DataPoint, PlotContext } from './layers.js';
import { svgNumber } from './svg-format.js';

/**
 * Values sampled on a rectangular grid: `values[j * xs.length + i]` is the
 * value at `(xs[i], ys[j])` (row-major, x fastest; the layout of
 * `lossSurface` and `classificationPlane` in the core, and of NumPy's
 * `meshgrid(xs, ys)`).
 */
export interface GridData {
  /** Grid x coordinates, at least 2, finite, strictly increasing. */
  readonly xs: ArrayLike<number>;
  /** Grid y coordinates, at least 2, finite, strictly increasing. */
  readonly ys: ArrayLike<number>;
  /** `xs.length × ys.length` values; NaN marks a missing value (a hole in every region). */
  readonly values: ArrayLike<number>;
}

/** The region where the grid's value is at least `value`, in data coordinates. */
export interface ContourRegion {
  /** The threshold. */
  readonly value: number;
  /** Polygons, each an outer ring followed by its holes; a ring is a closed list of points. */
  readonly polygons: readonly (readonly (readonly DataPoint[])[])[];
}

function checkAxis(a: ArrayLike<number>, name: string): void {
  if (a.length < 2) throw new RangeError(`grid ${name} needs at least 2 coordinates, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`grid ${name}[${i}] is not a finite number: ${String(a[i])}`);
    if (i > 0 && !(a[i]! > a[i - 1]!)) throw new RangeError(`grid ${name} must increase strictly, but ${name}[${i}] = ${a[i]} ≤ ${name}[${i - 1}] = ${a[i - 1]}`);
  }
}

/**
 * Checks a grid's shape and coordinates.
 *
 * @param grid - the grid
 * @throws RangeError naming the axis and index of the first bad coordinate, or the size mismatch
 * @example
 * ```ts
 * checkGrid({ xs: [0, 1], ys: [0, 1], values: [1, 2, 3, 4] }); // ok
 * ```
 */
export function checkGrid(grid: GridData): void {
  checkAxis(grid.xs, 'xs');
  checkAxis(grid.ys, 'ys');
  const expected = grid.xs.length * grid.ys.length;
  if (grid.values.length !== expected) {
    throw new RangeError(`grid has ${grid.values.length} values, expected xs.length × ys.length = ${grid.xs.length} × ${grid.ys.length} = ${expected}`);
  }
}

// d3-contour puts value (i, j) at the pixel centre (i + 0.5, j + 0.5) and
// closes regions on the outer pixel edges; clamping to the centres keeps the
// regions inside the grid's extent, as matplotlib's contourf.
function indexToData(g: number, axis: ArrayLike<number>): number {
  const u = Math.min(Math.max(g - 0.5, 0), axis.length - 1);
  const i = Math.min(Math.floor(u), axis.length - 2);
  const f = u - i;
  return axis[i]! + f * (axis[i + 1]! - axis[i]!);
}

/**
 * The regions where the grid's value is at least each threshold, traced by
 * `d3-contour` (marching squares, linear interpolation) in grid-index space
 * and mapped to data coordinates (piecewise linearly, so uneven grids work).
 *
 * @param grid - the sampled values
 * @param thresholds - threshold values, finite
 * @returns one region per threshold, in ascending threshold order
 * @throws RangeError on a malformed grid or a non-finite threshold
 * @example
 * ```ts
 * const [r] = contourRegions({ xs: [0, 1, 2], ys: [0, 1], values: [0, 1, 2, 0, 1, 2] }, [1]);
 * // r.polygons[0][0] is a rectangle from x = 1 to x = 2
 * ```
 */
export function contourRegions(grid: GridData, thresholds: readonly number[]): ContourRegion[] {
  checkGrid(grid);
  thresholds.forEach((t, i) => {
    if (!Number.isFinite(t)) throw new RangeError(`contour threshold ${i} is not a finite number: ${String(t)}`);
  });
  const generator = contours().size([grid.xs.length, grid.ys.length]).thresholds([...thresholds]);
  return generator(Array.from(grid.values)).map((mp) => ({
    value: mp.value,
    polygons: mp.coordinates.map((polygon) =>
      polygon.map((ring) => ring.map(([gx, gy]) => [indexToData(gx!, grid.xs), indexToData(gy!, grid.ys)] as const)),
    ),
  }));
}

/**
 * A region as an SVG path `d` attribute in pixels (use `fill-rule="evenodd"`
 * or the default nonzero: holes wind the other way).
 *
 * @param region - the region, in data coordinates
 * @param ctx - the scales to pixels
 * @returns the path data; empty when the region is empty
 * @example
 * ```ts
 * const d = regionPath(region, ctx); // 'M10,20L30,20L30,40Z'
 * ```
 */
export function regionPath(region: ContourRegion, ctx: PlotContext): string {
  let d = '';
  for (const polygon of region.polygons) {
    for (const ring of polygon) {
      ring.forEach(([x, y], i) => {
        d += `${i === 0 ? 'M' : 'L'}${svgNumber(ctx.x(x), 'contour x')},${svgNumber(ctx.y(y), 'contour y')}`;
      });
      d += 'Z';
    }
  }
  return d;
}

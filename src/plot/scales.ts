/** A linear map from a data interval to a pixel interval. */
export interface LinearScale {
  /** Maps a data value to pixels. */
  (value: number): number;
  /** The data interval `[d0, d1]`. */
  readonly domain: readonly [number, number];
  /** The pixel interval `[r0, r1]`; `r0 > r1` flips the axis (SVG y grows downwards). */
  readonly range: readonly [number, number];
  /** Maps pixels back to a data value. */
  invert(pixel: number): number;
}

/**
 * Makes a linear scale mapping `domain[0] → range[0]` and `domain[1] → range[1]`.
 *
 * @param domain - data interval, finite, `d0 ≠ d1`
 * @param range - pixel interval, finite
 * @throws RangeError when an end is not finite or the domain is empty
 * @example
 * ```ts
 * const y = linearScale([-4, 4], [400, 0]); // y grows upwards on screen
 * y(0); // 200
 * ```
 */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  for (const [name, v] of [['domain[0]', d0], ['domain[1]', d1], ['range[0]', r0], ['range[1]', r1]] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`scale ${name} is not a finite number: ${String(v)}`);
  }
  if (d0 === d1) throw new RangeError(`scale domain is empty: [${d0}, ${d1}]`);
  const k = (r1 - r0) / (d1 - d0);
  const scale = ((value: number) => r0 + (value - d0) * k) as LinearScale;
  return Object.assign(scale, {
    domain: [d0, d1] as const,
    range: [r0, r1] as const,
    invert: (pixel: number) => d0 + (pixel - r0) / k,
  });
}

// matplotlib's MaxNLocator default steps [1, 2, 2.5, 5, 10], extended one
// decade down and one step up as `MaxNLocator._staircase` does.
const EXTENDED_STEPS = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20];

/**
 * Nice, evenly spaced values covering `[min, max]`, chosen like matplotlib's
 * `MaxNLocator(nbins).tick_values(min, max)`: the smallest step from
 * 1, 2, 2.5, 5 × 10ⁿ giving at most `nbins` intervals. The first value may lie
 * below `min` and the last above `max` (use {@link niceTicks} to keep only
 * the ones inside).
 *
 * @param min - low end, finite
 * @param max - high end, finite, ≥ min (equal ends are widened slightly)
 * @param nbins - maximum number of intervals, a positive integer
 * @param minTicks - fewest values that must fall inside `[min, max]` before a smaller step is tried (default 2)
 * @throws RangeError on non-finite ends, `min > max` or a bad `nbins`
 * @example
 * ```ts
 * maxNLocator(-3, 4, 8); // [-3, -2, -1, 0, 1, 2, 3, 4]
 * ```
 */
export function maxNLocator(min: number, max: number, nbins: number, minTicks = 2): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`tick range must be finite, got [${String(min)}, ${String(max)}]`);
  }
  if (min > max) throw new RangeError(`tick range is reversed: [${min}, ${max}]`);
  if (!Number.isInteger(nbins) || nbins < 1) throw new RangeError(`nbins must be a positive integer, got ${String(nbins)}`);
  let lo = min;
  let hi = max;
  // As matplotlib's `nonsingular`: widen a zero-width interval.
  if (hi - lo <= 1e-13 * Math.max(Math.abs(lo), Math.abs(hi), 1e-14)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 1e-3;
    lo -= pad;
    hi += pad;
  }
  const scale = 10 ** Math.floor(Math.log10((hi - lo) / nbins));
  const rawStep = (hi - lo) / nbins;
  const steps = EXTENDED_STEPS.map((s) => s * scale);
  let istep = steps.findIndex((s) => s >= rawStep);
  if (istep < 0) istep = steps.length - 1;
  let ticks: number[] = [];
  for (let i = istep; i >= 0; i--) {
    const step = steps[i]!;
    const base = Math.floor(lo / step) * step;
    const low = edgeFloor((lo - base) / step);
    const high = edgeCeil((hi - base) / step);
    ticks = [];
    for (let k = low; k <= high; k++) ticks.push(cleanFloat(k * step + base, step));
    if (ticks.filter((t) => t >= lo && t <= hi).length >= minTicks) break;
  }
  return ticks;
}

/**
 * Nice tick values inside `[min, max]` for an axis of about `nbins` intervals.
 *
 * @param min - axis low end
 * @param max - axis high end
 * @param nbins - maximum number of intervals (default 8)
 * @example
 * ```ts
 * niceTicks(-4, 4, 5); // [-4, -2, 0, 2, 4]
 * ```
 */
export function niceTicks(min: number, max: number, nbins = 8): number[] {
  const eps = (max - min) * 1e-9;
  return maxNLocator(min, max, nbins).filter((t) => t >= min - eps && t <= max + eps);
}

const EDGE_TOL = 1e-10;
function edgeFloor(x: number): number {
  const d = Math.floor(x);
  return x - d > 1 - EDGE_TOL ? d + 1 : d;
}
function edgeCeil(x: number): number {
  const d = Math.floor(x);
  return x - d < EDGE_TOL ? d : d + 1;
}

// k·step + base carries float noise (0.30000000000000004); snap to the step's decimals.
function cleanFloat(value: number, step: number): number {
  const decimals = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 2));
  const v = Number(value.toFixed(decimals));
  return Object.is(v, -0) ? 0 : v;
}

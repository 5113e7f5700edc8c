/** A grid axis: `[start, stop, count]`, the arguments of `np.linspace`. */
export type Axis = readonly [start: number, stop: number, count: number];

/**
 * `count` evenly spaced numbers from `start` to `stop` inclusive, computed as
 * NumPy's `linspace` does (`start + i·step`, the last set to `stop`), so grids
 * match the tutorial's to the bit.
 *
 * @example
 * ```ts
 * linspace(-5, 5, 3); // Float64Array [-5, 0, 5]
 * ```
 */
export function linspace(start: number, stop: number, count: number): Float64Array {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${String(count)}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new RangeError(`linspace bounds must be finite, got ${start}, ${stop}`);
  const out = new Float64Array(count);
  const step = count > 1 ? (stop - start) / (count - 1) : 0;
  for (let i = 0; i < count; i++) out[i] = i * step + start;
  if (count > 1) out[count - 1] = stop;
  return out;
}

// @ts-check
/** Viridis at 17 evenly spaced stops (from matplotlib's table, as d3-scale-chromatic). */
const STOPS = [
  '#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c',
  '#1fa088', '#28ae80', '#3fbc73', '#5ec962', '#84d44b', '#addc30', '#d8e219', '#fde725',
].map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));

/**
 * The viridis colour map (dark purple at 0, yellow at 1), linearly
 * interpolated between 17 stops. Values outside [0, 1] are clamped; NaN maps to 0.
 *
 * @param {number} t - position in [0, 1]
 * @returns {string} a CSS `rgb(…)` colour
 * @example
 * viridis(0); // → 'rgb(68,1,84)'
 */
export function viridis(t) {
  const u = Number.isFinite(t) ? Math.min(Math.max(t, 0), 1) : 0;
  const pos = u * (STOPS.length - 1);
  const i = Math.min(Math.floor(pos), STOPS.length - 2);
  const f = pos - i;
  const a = /** @type {number[]} */ (STOPS[i]);
  const b = /** @type {number[]} */ (STOPS[i + 1]);
  const c = a.map((v, k) => Math.round(v + ((b[k] ?? v) - v) * f));
  return `rgb(${c.join(',')})`;
}

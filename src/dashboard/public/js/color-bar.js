// @ts-check
import { fmtTick, ticks } from './plot-frame.js';
import { viridis } from './viridis.js';

/**
 * @typedef {object} ContourScale
 * @property {number} lo - smallest value on the grid
 * @property {number} hi - largest value on the grid
 * @property {{ from: number, to: number, color: string }[]} bands - the colour bar, bottom up
 * @property {string} baseColor - below the first threshold
 * @property {string[]} contourColors - fill of the region ≥ each threshold
 */

/**
 * Colours of filled contours as matplotlib's `contourf`: the region ≥ tᵢ is
 * painted with the viridis colour of the band [tᵢ, tᵢ₊₁] at its midpoint, and
 * the colour bar shows exactly those bands between the grid's min and max.
 *
 * @param {number[]} thresholds - the contours' values, ascending
 * @param {number} lo - the grid's min
 * @param {number} hi - the grid's max
 * @returns {ContourScale}
 * @example
 * contourBands([1, 2], 0, 3).bands.length; // → 3: [0,1], [1,2], [2,3]
 */
export function contourBands(thresholds, lo, hi) {
  const span = hi - lo || 1;
  const colorAt = (/** @type {number} */ v) => viridis((v - lo) / span);
  const edges = thresholds.map((t) => Math.min(Math.max(t, lo), hi));
  const bands = [{ from: lo, to: edges[0] ?? hi }, ...edges.map((e, i) => ({ from: e, to: edges[i + 1] ?? hi }))]
    .filter((b) => b.to > b.from)
    .map((b) => ({ ...b, color: colorAt((b.from + b.to) / 2) }));
  return {
    lo,
    hi,
    bands,
    baseColor: colorAt((lo + (edges[0] ?? hi)) / 2),
    contourColors: edges.map((e, i) => colorAt((e + (edges[i + 1] ?? hi)) / 2)),
  };
}

/**
 * Draws a vertical colour bar right of the plot area, with ticks and a rotated label.
 * @param {CanvasRenderingContext2D} ctx
 * @param {{ left: number, top: number, width: number, height: number }} a - the plot area
 * @param {number} canvasWidth - in CSS pixels (the label sits at the right edge)
 * @param {ContourScale} scale
 * @param {string} label
 * @example
 * drawColorBar(ctx, frame.area, frame.width, contourBands(values, lo, hi), 'loss ξ');
 */
export function drawColorBar(ctx, a, canvasWidth, scale, label) {
  const x = a.left + a.width + 14;
  const w = 14;
  const { lo, hi } = scale;
  const y = (/** @type {number} */ v) => a.top + a.height - ((v - lo) / (hi - lo || 1)) * a.height;
  ctx.save();
  for (const band of scale.bands) {
    ctx.fillStyle = band.color;
    ctx.fillRect(x, y(band.to), w, y(band.from) - y(band.to) + 0.5);
  }
  ctx.strokeStyle = '#444';
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, a.top + 0.5, w - 1, a.height - 1);
  ctx.fillStyle = '#333';
  ctx.font = '11px system-ui, "DejaVu Sans", sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const t of ticks([lo, hi], 5)) {
    ctx.fillRect(x + w, Math.round(y(t)), 3, 1);
    ctx.fillText(fmtTick(t), x + w + 5, y(t));
  }
  ctx.translate(canvasWidth - 8, a.top + a.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.font = 'italic 13px "DejaVu Serif", Georgia, serif';
  ctx.fillText(label, 0, 0);
  ctx.restore();
}

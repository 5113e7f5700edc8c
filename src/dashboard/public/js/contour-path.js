// @ts-check
/**
 * Traces a d3-contour MultiPolygon onto a canvas path. d3-contour puts grid
 * value i at coordinate i + 0.5 (cells span [i, i+1]), so coordinate c maps
 * to `min + (c − 0.5)·step` on an axis `[min, max, n]`.
 *
 * @param {CanvasRenderingContext2D} ctx
 * @param {{ coordinates: number[][][][] }} geometry - one contour from `d3.contours()`
 * @param {[number, number, number]} a - horizontal grid axis [min, max, n]
 * @param {[number, number, number]} b - vertical grid axis [min, max, n]
 * @param {(v: number) => number} px - data → canvas x
 * @param {(v: number) => number} py - data → canvas y
 * @example
 * ctx.beginPath(); traceContour(ctx, contour, [-5, 5, 50], [-5, 5, 50], f.px.bind(f), f.py.bind(f)); ctx.fill('evenodd');
 */
export function traceContour(ctx, geometry, a, b, px, py) {
  const sa = (a[1] - a[0]) / (a[2] - 1);
  const sb = (b[1] - b[0]) / (b[2] - 1);
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      ring.forEach(([cx, cy], k) => {
        const x = px(a[0] + ((cx ?? 0) - 0.5) * sa);
        const y = py(b[0] + ((cy ?? 0) - 0.5) * sb);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.closePath();
    }
  }
}

/**
 * The d3 namespace from the vendor scripts, or null when they did not load.
 * @returns {any}
 */
export function d3OrNull() {
  const d3 = /** @type {any} */ (window).d3;
  return d3 && typeof d3.contours === 'function' ? d3 : null;
}

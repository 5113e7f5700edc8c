// @ts-check
/** The tutorial's markers: matplotlib's 'r*' (class 0) and 'bo' (class 1), and the dashed boundary. */

/** Matplotlib's 'r' and 'b'. */
export const RED = '#ff0000';
export const BLUE = '#0000ff';

/**
 * A five-pointed star marker (matplotlib's '*').
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x @param {number} y @param {number} r - outer radius
 * @param {string} color
 * @example
 * star(ctx, 10, 10, 5.5, RED);
 */
export function star(ctx, x, y, r, color) {
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r : r * 0.45;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    const px = x + radius * Math.cos(angle);
    const py = y + radius * Math.sin(angle);
    if (k === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
}

/**
 * A filled circle marker (matplotlib's 'o').
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x @param {number} y @param {number} r
 * @param {string} color
 * @example
 * dot(ctx, 10, 10, 3.6, BLUE);
 */
export function dot(ctx, x, y, r, color) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
}

/**
 * A sample as the tutorial draws it: a red star for t = 0, a blue circle for t = 1.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x @param {number} y
 * @param {0 | 1} t
 * @example
 * sampleMarker(ctx, 10, 10, 1);
 */
export function sampleMarker(ctx, x, y, t) {
  if (t === 0) star(ctx, x, y, 5.5, RED);
  else dot(ctx, x, y, 3.6, BLUE);
}

/**
 * The decision boundary's dashed black line.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1
 * @example
 * dashedLine(ctx, 0, 0, 100, 50);
 */
export function dashedLine(ctx, x0, y0, x1, y1) {
  ctx.save();
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 2;
  ctx.setLineDash([7, 4]);
  ctx.stroke();
  ctx.restore();
}

// @ts-check
import { BLUE, RED, dashedLine, dot, star } from './markers.js';

/** @typedef {import('./messages.js').PlotSample} PlotSample */
/** @typedef {{ left: number, top: number, width: number, height: number }} Area */

const ROWS = /** @type {const} */ ([
  ['star', 'target red star (t = 0)'],
  ['dot', 'target blue circle (t = 1)'],
  ['line', 'boundary p = 0.5'],
]);

/**
 * The decision plane's legend, in the corner where it hides the fewest
 * samples (as matplotlib's `loc='best'`). The corner in use is kept unless
 * another hides clearly fewer, so the legend does not hop about as the
 * window of samples slides.
 *
 * @example
 * const legend = new PlaneLegend();
 * legend.draw(ctx, frame.area, samplesInPixels);
 */
export class PlaneLegend {
  constructor() {
    /** index of the corner: top-left, top-right, bottom-left, bottom-right */
    this.corner = 0;
  }

  /**
   * @param {CanvasRenderingContext2D} ctx
   * @param {Area} a - the plot area
   * @param {{ x: number, y: number }[]} points - the samples, in canvas pixels
   */
  draw(ctx, a, points) {
    ctx.save();
    ctx.font = '11px system-ui, "DejaVu Sans", sans-serif';
    const w = Math.max(...ROWS.map(([, t]) => ctx.measureText(t).width)) + 34;
    const h = ROWS.length * 16 + 8;
    const { x, y } = this.place(a, w, h, points);
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.strokeStyle = '#bbb';
    ctx.lineWidth = 1;
    ctx.fillRect(x, y, w, h);
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    ctx.textBaseline = 'middle';
    ROWS.forEach(([kind, text], i) => {
      const cy = y + 12 + i * 16;
      if (kind === 'star') star(ctx, x + 13, cy, 5.5, RED);
      else if (kind === 'dot') dot(ctx, x + 13, cy, 3.6, BLUE);
      else dashedLine(ctx, x + 4, cy, x + 22, cy);
      ctx.fillStyle = '#222';
      ctx.fillText(text, x + 28, cy);
    });
    ctx.restore();
  }

  /**
   * @param {Area} a
   * @param {number} w @param {number} h - the legend's size
   * @param {{ x: number, y: number }[]} points
   * @returns {{ x: number, y: number }} the legend's top-left corner
   */
  place(a, w, h, points) {
    const corners = [
      { x: a.left + 6, y: a.top + 6 },
      { x: a.left + a.width - w - 6, y: a.top + 6 },
      { x: a.left + 6, y: a.top + a.height - h - 6 },
      { x: a.left + a.width - w - 6, y: a.top + a.height - h - 6 },
    ];
    const hidden = corners.map(({ x, y }) => points.filter((p) => p.x >= x - 4 && p.x <= x + w + 4 && p.y >= y - 4 && p.y <= y + h + 4).length);
    const best = hidden.indexOf(Math.min(...hidden));
    if ((hidden[this.corner] ?? 0) > (hidden[best] ?? 0) + 2) this.corner = best;
    return /** @type {{ x: number, y: number }} */ (corners[this.corner]);
  }
}

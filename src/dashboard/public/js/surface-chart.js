// @ts-check
import { d3OrNull, traceContour } from './contour-path.js';
import { contourBands, drawColorBar } from './color-bar.js';
import { coverPath } from './path-domain.js';
import { PlotFrame } from './plot-frame.js';

/** @typedef {import('./messages.js').Grid} Grid */
/** @typedef {import('./bounded-series.js').BoundedSeries} BoundedSeries */

const LEVELS = 20;
const MAX_DOTS = 40;

/**
 * The weights' path over the loss surface, as the tutorial's figure
 * "Gradient descent updates on loss surface": filled contours of the loss
 * over (w₁, w₂) in viridis with a colour bar, the path of the weights as a
 * black line with dots, and the current weights highlighted.
 *
 * The contours are computed when a view arrives and cached as an image; each
 * frame only copies that image and draws the path.
 */
export class SurfaceChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @example
   * const chart = new SurfaceChart(canvas); chart.setSurface(grid, ''); chart.setPath(series); chart.draw();
   */
  constructor(canvas) {
    this.canvas = canvas;
    this.frame = new PlotFrame(canvas, { top: 12, right: 78, bottom: 42, left: 50 });
    /** @type {Grid | null} */
    this.grid = null;
    this.reason = 'waiting for data…';
    /** @type {{ value: number, coordinates: number[][][][] }[]} */
    this.contours = [];
    /** @type {import('./color-bar.js').ContourScale} */
    this.scale = contourBands([], 0, 1);
    /** @type {BoundedSeries | null} */
    this.path = null;
    /** @type {HTMLCanvasElement | null} */
    this.background = null;
  }

  /**
   * A new surface (or none, with the reason shown instead).
   * @param {Grid | null} grid - loss over w1 (fastest) × w2
   * @param {string} reason - shown when grid is null
   */
  setSurface(grid, reason) {
    this.background = null;
    this.contours = [];
    this.grid = null;
    this.reason = reason;
    if (!grid) return;
    const d3 = d3OrNull();
    if (!d3) {
      this.reason = 'd3-contour did not load (vendor/d3-contour.min.js)';
      return;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of grid.values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      this.reason = 'the loss surface has no finite values';
      return;
    }
    this.grid = grid;
    this.contours = hi > lo ? d3.contours().size([grid.a[2], grid.b[2]]).thresholds(LEVELS)(grid.values) : [];
    this.scale = contourBands(this.contours.map((c) => c.value), lo, hi);
  }

  /** @param {BoundedSeries} series - columns `w1`, `w2` (read at each draw) */
  setPath(series) {
    this.path = series;
  }

  /** Redraws everything (cheap: the contours come from the cached image). */
  draw() {
    const f = this.frame;
    if (f.resize()) this.background = null;
    f.clear();
    const grid = this.grid;
    /** @type {import('./path-domain.js').Domain | null} */
    const gridDomain = grid ? [[grid.a[0], grid.a[1]], [grid.b[0], grid.b[1]]] : null;
    const domain = coverPath(gridDomain, this.path?.column('w1') ?? [], this.path?.column('w2') ?? []);
    if (domain.flat().some((v, i) => v !== f.xDomain.concat(f.yDomain)[i])) this.background = null;
    f.setDomain(...domain);
    if (grid) {
      if (!this.background) this.background = this.renderBackground();
      f.ctx.drawImage(this.background, 0, 0, f.width, f.height);
    }
    this.canvas.dataset.domain = JSON.stringify(domain);
    this.drawPath();
    f.drawAxes('w₁', 'w₂');
    if (grid) drawColorBar(f.ctx, f.area, f.width, this.scale, 'loss ξ');
    else f.drawPlaceholder(this.path && this.path.length > 0 ? `loss surface: ${this.reason}` : this.reason);
    this.canvas.dataset.pathPoints = String(this.path?.length ?? 0);
    this.canvas.dataset.contours = String(this.contours.length);
  }

  /** @returns {HTMLCanvasElement} the filled contours at the canvas's size */
  renderBackground() {
    const f = this.frame;
    // Outside the grid (where the path went since the last view) the loss is not known: light grey.
    const { image: img, ctx } = f.offscreenArea('#eceef1');
    const grid = /** @type {Grid} */ (this.grid);
    ctx.fillStyle = this.scale.baseColor;
    ctx.fillRect(f.px(grid.a[0]), f.py(grid.b[1]), f.px(grid.a[1]) - f.px(grid.a[0]), f.py(grid.b[0]) - f.py(grid.b[1]));
    const px = f.px.bind(f);
    const py = f.py.bind(f);
    this.contours.forEach((c, i) => {
      ctx.beginPath();
      traceContour(ctx, c, grid.a, grid.b, px, py);
      ctx.fillStyle = this.scale.contourColors[i] ?? this.scale.baseColor;
      ctx.fill('evenodd');
    });
    return img;
  }

  drawPath() {
    const f = this.frame;
    const { ctx } = f;
    const path = this.path;
    if (!path || path.length === 0) return;
    const w1 = path.column('w1');
    const w2 = path.column('w2');
    f.clipToArea();
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < w1.length; i++) {
      const a = w1[i];
      const b = w2[i];
      if (a == null || b == null) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(f.px(a), f.py(b));
      else ctx.moveTo(f.px(a), f.py(b));
      pen = true;
    }
    ctx.stroke();
    ctx.fillStyle = '#000';
    const every = Math.max(1, Math.ceil(w1.length / MAX_DOTS));
    for (let i = 0; i < w1.length; i += every) {
      const a = w1[i];
      const b = w2[i];
      if (a == null || b == null) continue;
      ctx.beginPath();
      ctx.arc(f.px(a), f.py(b), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    const a = path.last('w1');
    const b = path.last('w2');
    if (a !== null && b !== null) {
      const x = f.px(a);
      const y = f.py(b);
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.fillStyle = '#ff5a36';
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
      // The label sits up-right of the point, flipped inwards near the plot's edges.
      ctx.font = 'italic 13px "DejaVu Serif", Georgia, serif';
      const label = 'w now';
      const area = f.area;
      const width = ctx.measureText(label).width;
      const lx = x + 8 + width > area.left + area.width ? x - 8 - width : x + 8;
      const ly = y - 22 < area.top ? y + 20 : y - 6;
      ctx.textBaseline = 'bottom';
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255,255,255,0.8)';
      ctx.strokeText(label, lx, ly);
      ctx.fillStyle = '#000';
      ctx.fillText(label, lx, ly);
    }
    ctx.restore();
  }
}

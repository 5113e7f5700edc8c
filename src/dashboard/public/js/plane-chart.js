// @ts-check
import { d3OrNull, traceContour } from './contour-path.js';
import { dashedLine, sampleMarker } from './markers.js';
import { PlotFrame } from './plot-frame.js';

/** @typedef {import('./messages.js').Grid} Grid */
/** @typedef {import('./messages.js').PlotSample} PlotSample */

/** Matplotlib's 'r' and 'b' at alpha 0.3 over white, as the tutorial's last figure. */
const RED_REGION = 'rgb(255,179,179)';
const BLUE_REGION = 'rgb(179,179,255)';

/**
 * The decision boundary over the input space, as the tutorial's figure "red
 * star vs. blue circle classification boundary": the plane coloured by the
 * predicted class (red where p ≤ 0.5, blue where p > 0.5), the recent samples
 * as red stars (t = 0) and blue circles (t = 1), and the live boundary line
 * w₁·x₁ + w₂·x₂ + b = 0.
 */
export class PlaneChart {
  /**
   * @param {HTMLCanvasElement} canvas
   * @example
   * const chart = new PlaneChart(canvas); chart.setSamples([{ x1: 0, x2: 1, t: 1 }]); chart.draw();
   */
  constructor(canvas) {
    this.canvas = canvas;
    this.frame = new PlotFrame(canvas, { top: 12, right: 14, bottom: 42, left: 50 });
    /** @type {Grid | null} */
    this.grid = null;
    this.reason = 'waiting for data…';
    /** @type {{ value: number, coordinates: number[][][][] }[]} */
    this.contours = [];
    /** @type {PlotSample[]} */
    this.samples = [];
    /** @type {{ w1: number, w2: number, b: number } | null} */
    this.boundary = null;
    /** @type {HTMLCanvasElement | null} */
    this.background = null;
  }

  /**
   * A new probability plane (or none, with the reason).
   * @param {Grid | null} grid - P(t = 1) over x1 (fastest) × x2
   * @param {string} reason - shown when grid is null
   */
  setPlane(grid, reason) {
    this.background = null;
    this.grid = null;
    this.contours = [];
    this.reason = reason;
    if (!grid) return;
    const d3 = d3OrNull();
    if (!d3) {
      this.reason = 'd3-contour did not load (vendor/d3-contour.min.js)';
      return;
    }
    this.grid = grid;
    this.contours = d3.contours().size([grid.a[2], grid.b[2]]).thresholds([0.5])(grid.values);
  }

  /** @param {PlotSample[]} samples - drawn in order, newest last (on top) */
  setSamples(samples) {
    this.samples = samples;
  }

  /**
   * The live boundary from the model's first two weights and bias (null hides it).
   * @param {{ w1: number, w2: number, b: number } | null} boundary
   */
  setBoundary(boundary) {
    this.boundary = boundary;
  }

  /** Redraws everything. */
  draw() {
    const f = this.frame;
    if (f.resize()) this.background = null;
    f.clear();
    const grid = this.grid;
    if (grid) {
      const domain = this.zoomedDomain(grid);
      if (domain.flat().some((v, i) => v !== f.xDomain.concat(f.yDomain)[i])) this.background = null;
      f.setDomain(...domain);
      if (!this.background) this.background = this.renderBackground();
      f.ctx.drawImage(this.background, 0, 0, f.width, f.height);
    } else {
      f.setDomain(...this.sampleDomain());
    }
    f.clipToArea();
    this.drawBoundary();
    this.drawSamples();
    f.ctx.restore();
    // The legend is the page's #plane-legend, below the canvas: inside, it hid samples.
    f.drawAxes('x₁', 'x₂');
    if (!grid) f.drawPlaceholder(this.samples.length > 0 ? `decision plane: ${this.reason}` : this.reason);
    this.canvas.dataset.samples = String(this.samples.length);
  }

  /** @returns {HTMLCanvasElement} the class regions at the canvas's size */
  renderBackground() {
    const f = this.frame;
    const { image: img, ctx } = f.offscreenArea(RED_REGION);
    const grid = /** @type {Grid} */ (this.grid);
    ctx.fillStyle = BLUE_REGION;
    for (const c of this.contours) {
      ctx.beginPath();
      traceContour(ctx, c, grid.a, grid.b, f.px.bind(f), f.py.bind(f));
      ctx.fill('evenodd');
    }
    return img;
  }

  /**
   * The part of the plane around the samples (whole units, so it does not
   * jitter as the window slides), or the whole plane without samples.
   * @param {Grid} grid
   * @returns {[[number, number], [number, number]]}
   */
  zoomedDomain(grid) {
    /** @type {[[number, number], [number, number]]} */
    const whole = [[grid.a[0], grid.a[1]], [grid.b[0], grid.b[1]]];
    if (this.samples.length < 2) return whole;
    const around = this.sampleDomain();
    return /** @type {[[number, number], [number, number]]} */ (
      whole.map(([lo, hi], k) => {
        const [slo, shi] = /** @type {[number, number]} */ (around[k]);
        const a = Math.max(lo, Math.floor(slo));
        const b = Math.min(hi, Math.ceil(shi));
        return b > a ? [a, b] : [lo, hi];
      })
    );
  }

  /** @returns {[[number, number], [number, number]]} a domain around the samples when there is no plane */
  sampleDomain() {
    if (this.samples.length === 0) return [[-4, 4], [-4, 4]];
    const pad = (/** @type {number[]} */ v) => {
      const lo = Math.min(...v);
      const hi = Math.max(...v);
      const p = Math.max(0.5, (hi - lo) * 0.1);
      return /** @type {[number, number]} */ ([lo - p, hi + p]);
    };
    return [pad(this.samples.map((s) => s.x1)), pad(this.samples.map((s) => s.x2))];
  }

  drawBoundary() {
    const bd = this.boundary;
    if (!bd || (bd.w1 === 0 && bd.w2 === 0)) return;
    const f = this.frame;
    const [x0, x1] = f.xDomain;
    const [y0, y1] = f.yDomain;
    /** @type {[number, number][]} */
    const ends =
      Math.abs(bd.w2) >= Math.abs(bd.w1)
        ? [x0, x1].map((x) => [x, -(bd.w1 * x + bd.b) / bd.w2])
        : [y0, y1].map((y) => [-(bd.w2 * y + bd.b) / bd.w1, y]);
    dashedLine(f.ctx, f.px(ends[0][0]), f.py(ends[0][1]), f.px(ends[1][0]), f.py(ends[1][1]));
  }

  drawSamples() {
    const f = this.frame;
    const { ctx } = f;
    for (const s of this.samples) sampleMarker(ctx, f.px(s.x1), f.py(s.x2), s.t);
  }
}

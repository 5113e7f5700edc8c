// @ts-check
/**
 * A canvas chart's frame: sizes the canvas to its CSS box at the device's
 * pixel ratio, maps data to pixels (y up), and draws axes with ticks,
 * labels and placeholders. Ticks come from d3-array's `ticks` (served as a vendor file).
 */

const FONT = '12px system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif';
const LABEL_FONT = 'italic 14px "DejaVu Serif", Georgia, serif';

/** @typedef {{ top: number, right: number, bottom: number, left: number }} Margin */

export class PlotFrame {
  /**
   * @param {HTMLCanvasElement} canvas
   * @param {Margin} margin - room around the plot area, in CSS pixels
   * @example
   * const f = new PlotFrame(canvas, { top: 10, right: 10, bottom: 40, left: 48 });
   * f.resize(); f.setDomain([-3, 4], [-4, 4]); f.drawAxes('x₁', 'x₂');
   */
  constructor(canvas, margin) {
    this.canvas = canvas;
    this.margin = margin;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context');
    this.ctx = ctx;
    this.width = 0;
    this.height = 0;
    this.ratio = 1;
    /** @type {[number, number]} */
    this.xDomain = [0, 1];
    /** @type {[number, number]} */
    this.yDomain = [0, 1];
  }

  /**
   * Matches the canvas's backing store to its CSS size; resets the transform to CSS pixels.
   * @returns {boolean} whether the size changed
   */
  resize() {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth));
    const h = Math.max(1, Math.round(this.canvas.clientHeight));
    const changed = w !== this.width || h !== this.height || ratio !== this.ratio;
    if (changed) {
      this.width = w;
      this.height = h;
      this.ratio = ratio;
      this.canvas.width = Math.round(w * ratio);
      this.canvas.height = Math.round(h * ratio);
    }
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return changed;
  }

  /** @returns {{ left: number, top: number, width: number, height: number }} the plot area in CSS pixels */
  get area() {
    const m = this.margin;
    return {
      left: m.left,
      top: m.top,
      width: Math.max(10, this.width - m.left - m.right),
      height: Math.max(10, this.height - m.top - m.bottom),
    };
  }

  /**
   * @param {[number, number]} x - data range shown horizontally
   * @param {[number, number]} y - data range shown vertically (up)
   */
  setDomain(x, y) {
    this.xDomain = x[1] > x[0] ? x : [x[0] - 0.5, x[0] + 0.5];
    this.yDomain = y[1] > y[0] ? y : [y[0] - 0.5, y[0] + 0.5];
  }

  /** @param {number} v @returns {number} */
  px(v) {
    const a = this.area;
    return a.left + ((v - this.xDomain[0]) / (this.xDomain[1] - this.xDomain[0])) * a.width;
  }

  /** @param {number} v @returns {number} */
  py(v) {
    const a = this.area;
    return a.top + a.height - ((v - this.yDomain[0]) / (this.yDomain[1] - this.yDomain[0])) * a.height;
  }

  /** Clears the whole canvas. */
  clear() {
    this.ctx.clearRect(0, 0, this.width, this.height);
  }

  /** Restricts drawing to the plot area until `ctx.restore()`. */
  clipToArea() {
    const a = this.area;
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(a.left, a.top, a.width, a.height);
    this.ctx.clip();
  }

  /**
   * An offscreen canvas of the frame's size, clipped to the plot area and filled with `fill`:
   * a background layer drawn once and blitted on every redraw.
   * @param {string} fill - CSS colour of the area
   * @returns {{ image: HTMLCanvasElement, ctx: CanvasRenderingContext2D }}
   * @example
   * const { image, ctx } = f.offscreenArea('#fdd'); ctx.fillRect(...); f.ctx.drawImage(image, 0, 0, f.width, f.height);
   */
  offscreenArea(fill) {
    const image = document.createElement('canvas');
    image.width = this.canvas.width;
    image.height = this.canvas.height;
    const ctx = /** @type {CanvasRenderingContext2D} */ (image.getContext('2d'));
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    const a = this.area;
    ctx.beginPath();
    ctx.rect(a.left, a.top, a.width, a.height);
    ctx.clip();
    ctx.fillStyle = fill;
    ctx.fillRect(a.left, a.top, a.width, a.height);
    return { image, ctx };
  }

  /**
   * Draws the frame, ticks and axis labels.
   * @param {string} xLabel
   * @param {string} yLabel
   */
  drawAxes(xLabel, yLabel) {
    const { ctx } = this;
    const a = this.area;
    ctx.save();
    ctx.strokeStyle = '#444';
    ctx.fillStyle = '#333';
    ctx.lineWidth = 1;
    ctx.strokeRect(a.left + 0.5, a.top + 0.5, a.width - 1, a.height - 1);
    ctx.font = FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks(this.xDomain, Math.max(2, Math.floor(a.width / 70)))) {
      const x = Math.round(this.px(t)) + 0.5;
      line(ctx, x, a.top + a.height, x, a.top + a.height + 5);
      ctx.fillText(fmtTick(t), x, a.top + a.height + 7);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks(this.yDomain, Math.max(2, Math.floor(a.height / 45)))) {
      const y = Math.round(this.py(t)) + 0.5;
      line(ctx, a.left - 5, y, a.left, y);
      ctx.fillText(fmtTick(t), a.left - 7, y);
    }
    ctx.font = LABEL_FONT;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xLabel, a.left + a.width / 2, this.height - 2);
    ctx.translate(12, a.top + a.height / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
  }

  /**
   * Writes a grey message in the middle of the plot area.
   * @param {string} text
   */
  drawPlaceholder(text) {
    const { ctx } = this;
    const a = this.area;
    ctx.save();
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.font = FONT;
    const w = ctx.measureText(text).width + 20;
    ctx.fillRect(a.left + a.width / 2 - w / 2, a.top + a.height / 2 - 14, w, 28);
    ctx.fillStyle = '#666';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, a.left + a.width / 2, a.top + a.height / 2);
    ctx.restore();
  }
}

/**
 * Nice tick values in a range (d3-array's `ticks` when loaded).
 * @param {[number, number]} domain
 * @param {number} count - roughly how many
 * @returns {number[]}
 */
export function ticks([lo, hi], count) {
  const d3 = /** @type {any} */ (window).d3;
  if (d3 && typeof d3.ticks === 'function') return d3.ticks(lo, hi, count);
  const step = (hi - lo) / count;
  return Array.from({ length: count + 1 }, (_, i) => lo + i * step);
}

/**
 * A short tick label: no float noise, "−" for minus.
 * @param {number} v
 * @returns {string}
 */
export function fmtTick(v) {
  const s = Math.abs(v) < 1e-12 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(1) : String(+v.toPrecision(6));
  return s.replace('-', '−');
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} x0 @param {number} y0 @param {number} x1 @param {number} y1
 */
function line(ctx, x0, y0, x1, y1) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

// @ts-check
import { fmtCount, fmtNumber } from './format.js';
import { clippedAbove, pick, thinIndices } from './thin-series.js';

/**
 * The loss curve (uPlot, served as a vendor file): per-step loss (faint),
 * its debiased-EMA smoothing (bold), and the rolling progressive accuracy on
 * a right-hand axis. The loss axis starts at 0 and tops out at the 98th
 * percentile of the raw loss, so one wild sample does not flatten the curve;
 * the values above it are marked on the top edge and counted in a note.
 * The curves are thinned to about one point per {@link PIXELS_PER_POINT}
 * pixels, so a long run stays a line rather than a solid band.
 */

const HEIGHT = 250;
/** Horizontal pixels per drawn point. */
const PIXELS_PER_POINT = 3;
const CLIP_COLOUR = '#d6336c';
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

export class LossChart {
  /**
   * @param {HTMLElement} el - the container (its width is used)
   * @param {HTMLElement | null} [clipNote] - where to say how many values are above the axis
   * @example
   * const chart = new LossChart(document.getElementById('loss-chart'), document.getElementById('loss-clipped'));
   * chart.setData([1, 2], [0.7, 0.6], [0.7, 0.65], [0.5, 0.5]);
   */
  constructor(el, clipNote = null) {
    this.el = el;
    this.clipNote = clipNote;
    /** @type {[number, number]} */
    this.yRange = [0, 1];
    /** x positions of the values above the axis, marked on its top edge */
    /** @type {number[]} */
    this.clipMarks = [];
    const uPlot = /** @type {any} */ (window).uPlot;
    this.plot = null;
    if (typeof uPlot !== 'function') throw new Error('uPlot did not load (vendor/uplot.iife.min.js)');
    const axisFont = '12px system-ui, "DejaVu Sans", sans-serif';
    const labelFont = 'italic 13px "DejaVu Serif", Georgia, serif';
    this.plot = new uPlot(
      {
        width: this.width(),
        height: HEIGHT,
        cursor: { drag: { x: false, y: false } },
        hooks: { draw: [(/** @type {any} */ u) => this.drawClipMarks(u)] },
        legend: { live: false },
        scales: {
          x: { time: false },
          y: { range: () => this.yRange },
          acc: { range: [0, 1] },
        },
        series: [
          { label: 'n', value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v == null ? '–' : String(v)) },
          { label: 'loss', stroke: 'rgba(31,119,180,0.35)', width: 1, points: { show: false } },
          { label: 'smoothed loss', stroke: '#1f5fa8', width: 2.5, points: { show: false } },
          {
            label: 'rolling accuracy',
            scale: 'acc',
            stroke: '#2f9e44',
            width: 1.5,
            points: { show: false },
            value: (/** @type {any} */ _u, /** @type {number | null} */ v) => (v == null ? '–' : `${(v * 100).toFixed(1)} %`),
          },
        ],
        axes: [
          {
            label: 'samples seen n',
            font: axisFont,
            labelFont,
            labelSize: 22,
            // 1.5M rather than 1,500,000: long labels ran into each other
            values: (/** @type {any} */ _u, /** @type {number[]} */ vals) => vals.map((v) => COMPACT.format(v)),
          },
          { label: 'loss ξ', font: axisFont, labelFont, labelSize: 22, size: 48 },
          {
            scale: 'acc',
            side: 1,
            label: 'accuracy',
            font: axisFont,
            labelFont,
            labelSize: 22,
            size: 48,
            grid: { show: false },
            values: (/** @type {any} */ _u, /** @type {number[]} */ vals) => vals.map((v) => `${Math.round(v * 100)}%`),
          },
        ],
      },
      [[], [], [], []],
      el,
    );
  }

  /** @returns {number} the width to draw at */
  width() {
    return Math.max(200, Math.floor(this.el.clientWidth));
  }

  /** Follows the container's width. */
  resize() {
    if (this.plot && this.plot.width !== this.width()) this.plot.setSize({ width: this.width(), height: HEIGHT });
  }

  /**
   * Replaces the data (arrays of equal length, x increasing).
   * @param {(number | null)[]} xs - samples seen
   * @param {(number | null)[]} raw - loss per step
   * @param {(number | null)[]} smooth - smoothed loss
   * @param {(number | null)[]} acc - rolling accuracy in [0, 1]
   */
  setData(xs, raw, smooth, acc) {
    const finite = /** @type {number[]} */ (raw.filter((v) => v !== null)).sort((a, b) => a - b);
    let top = finite[Math.floor((finite.length - 1) * 0.98)] ?? 0;
    for (const v of smooth) if (v !== null && v > top) top = v;
    this.yRange = [0, top > 0 ? top * 1.08 : 1];
    const keep = thinIndices(xs, this.plotWidth() / PIXELS_PER_POINT);
    const shown = [pick(xs, keep), pick(raw, keep), pick(smooth, keep), pick(acc, keep)];
    const [x0, x1] = [shown[0][0], shown[0][shown[0].length - 1]];
    const gap = x0 != null && x1 != null ? ((x1 - x0) / this.plotWidth()) * 4 : 0;
    const clipped = clippedAbove(xs, raw, this.yRange[1], gap);
    this.clipMarks = clipped.marks;
    this.el.dataset.drawn = String(keep.length);
    this.el.dataset.clipped = String(clipped.count);
    if (this.clipNote) {
      this.clipNote.hidden = clipped.count === 0;
      this.clipNote.textContent =
        clipped.count === 0
          ? ''
          : `▲ ${fmtCount(clipped.count)} of ${fmtCount(finite.length)} step losses are above the axis (largest ξ = ${fmtNumber(clipped.max)})`;
    }
    this.plot?.setData(shown);
  }

  /** @returns {number} the plot area's width in CSS pixels (about, before the first draw) */
  plotWidth() {
    const bbox = this.plot?.bbox;
    const ratio = window.devicePixelRatio || 1;
    return bbox && bbox.width > 0 ? bbox.width / ratio : Math.max(100, this.width() - 110);
  }

  /**
   * Marks the values above the axis with small triangles on its top edge.
   * @param {any} u - the uPlot instance
   */
  drawClipMarks(u) {
    if (this.clipMarks.length === 0) return;
    const ratio = window.devicePixelRatio || 1;
    const { ctx } = u;
    const top = u.bbox.top;
    const size = 4.5 * ratio;
    ctx.save();
    ctx.fillStyle = CLIP_COLOUR;
    for (const x of this.clipMarks) {
      const px = u.valToPos(x, 'x', true);
      ctx.beginPath();
      ctx.moveTo(px, top);
      ctx.lineTo(px - size, top + size * 1.6);
      ctx.lineTo(px + size, top + size * 1.6);
      ctx.closePath();
      ctx.fill();
    }
    ctx.restore();
  }
}

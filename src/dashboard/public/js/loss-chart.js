// @ts-check
/**
 * The loss curve (uPlot, served as a vendor file): per-step loss (faint),
 * its debiased-EMA smoothing (bold), and the rolling progressive accuracy on
 * a right-hand axis. The loss axis starts at 0 and tops out at the 98th
 * percentile of the raw loss, so one wild sample does not flatten the curve.
 */

const HEIGHT = 250;

export class LossChart {
  /**
   * @param {HTMLElement} el - the container (its width is used)
   * @example
   * const chart = new LossChart(document.getElementById('loss-chart'));
   * chart.setData([1, 2], [0.7, 0.6], [0.7, 0.65], [0.5, 0.5]);
   */
  constructor(el) {
    this.el = el;
    /** @type {[number, number]} */
    this.yRange = [0, 1];
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
          { label: 'samples seen n', font: axisFont, labelFont, labelSize: 22 },
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
    const top = Math.max(finite[Math.floor((finite.length - 1) * 0.98)] ?? 0, ...smooth.map((v) => v ?? 0));
    this.yRange = [0, top > 0 ? top * 1.08 : 1];
    this.plot?.setData([xs, raw, smooth, acc]);
  }
}

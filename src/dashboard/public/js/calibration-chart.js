// @ts-check
/**
 * The event learner's card: a calibration plot (reliability diagram) of the
 * predictions it served, the observed rate of t = 1 against the mean
 * predicted probability in each probability bin, over every scored
 * prediction (blue) and over the recent window (orange, dashed), with the
 * diagonal of perfect calibration; beside it the AUC and the delayed-label
 * counters. Drawn live from the `events` a `step` carries; the card stays
 * hidden on a server without an event learner.
 */
import { fmtCount, fmtNumber } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The plot's size in SVG units, and its margins for the axes. */
const SIZE = 300;
const M = { left: 42, right: 10, top: 10, bottom: 36 };
const W = SIZE - M.left - M.right;
const H = SIZE - M.top - M.bottom;

/**
 * @typedef {{ predicted: number, observed: number, count: number }} CalibrationPoint
 */

/**
 * The drawable points of a calibration table: non-empty bins whose mean
 * prediction and observed rate are numbers in [0, 1], in bin order.
 * @param {unknown} bins - the `calibration` array of a step's `events`
 * @returns {CalibrationPoint[]}
 * @example
 * calibrationPoints([{ lower: 0, upper: 0.5, count: 2, predicted: 0.2, observed: 0 }, { lower: 0.5, upper: 1, count: 0, predicted: null, observed: null }]);
 * // → [{ predicted: 0.2, observed: 0, count: 2 }]
 */
export function calibrationPoints(bins) {
  /** @type {CalibrationPoint[]} */
  const points = [];
  if (!Array.isArray(bins)) return points;
  for (const b of bins.slice(0, 1000)) {
    if (typeof b !== 'object' || b === null) continue;
    const { predicted, observed, count } = /** @type {Record<string, unknown>} */ (b);
    const unit = (/** @type {unknown} */ v) => typeof v === 'number' && v >= 0 && v <= 1;
    if (typeof count === 'number' && count > 0 && unit(predicted) && unit(observed)) {
      points.push({ predicted: /** @type {number} */ (predicted), observed: /** @type {number} */ (observed), count });
    }
  }
  return points;
}

/**
 * @param {string} name
 * @param {Record<string, string | number>} attributes
 * @returns {SVGElement}
 */
function el(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

const px = (/** @type {number} */ p) => M.left + p * W;
const py = (/** @type {number} */ r) => M.top + (1 - r) * H;

export class CalibrationChart {
  #drawn = '';

  /**
   * @param {HTMLElement} root - the hidden card: an `svg.calibration-plot` and `[data-field]` children for the figures
   */
  constructor(root) {
    this.root = root;
    this.svg = /** @type {SVGSVGElement} */ (root.querySelector('svg.calibration-plot'));
    this.svg.setAttribute('viewBox', `0 0 ${SIZE} ${SIZE}`);
  }

  /**
   * Shows a step's event scores; does nothing for a step without them.
   * @param {unknown} events - the step's `events`
   */
  show(events) {
    if (typeof events !== 'object' || events === null) return;
    const e = /** @type {Record<string, any>} */ (events);
    this.root.hidden = false;
    const delayed = typeof e.delayed === 'object' && e.delayed !== null ? e.delayed : {};
    const fields = {
      seen: fmtCount(e.seen),
      auc: fmtNumber(e.auc),
      'rolling-auc': fmtNumber(e.rollingAuc),
      'rolling-log-loss': fmtNumber(e.rollingLogLoss),
      pending: fmtCount(delayed.pending),
      labelled: fmtCount(delayed.labelled),
      expired: fmtCount(delayed.expired),
      late: fmtCount(delayed.late),
      unknown: fmtCount(delayed.unknown),
      duplicate: fmtCount(delayed.duplicate),
    };
    for (const [name, text] of Object.entries(fields)) {
      const node = this.root.querySelector(`[data-field="${name}"]`);
      if (node) node.textContent = text;
    }
    const cumulative = calibrationPoints(e.calibration);
    const rolling = calibrationPoints(e.rollingCalibration);
    const key = JSON.stringify([cumulative, rolling]);
    if (key === this.#drawn) return;
    this.#drawn = key;
    this.#draw(cumulative, rolling);
  }

  /**
   * @param {CalibrationPoint[]} cumulative
   * @param {CalibrationPoint[]} rolling
   */
  #draw(cumulative, rolling) {
    const svg = this.svg;
    svg.replaceChildren();
    svg.append(el('rect', { x: M.left, y: M.top, width: W, height: H, fill: '#fafafa', stroke: '#bbb' }));
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      svg.append(el('line', { x1: px(v), y1: M.top + H, x2: px(v), y2: M.top + H + 4, stroke: '#555' }));
      svg.append(el('line', { x1: M.left - 4, y1: py(v), x2: M.left, y2: py(v), stroke: '#555' }));
      const xt = el('text', { x: px(v), y: M.top + H + 15, 'text-anchor': 'middle', 'font-size': 10 });
      xt.textContent = String(v);
      const yt = el('text', { x: M.left - 7, y: py(v) + 3, 'text-anchor': 'end', 'font-size': 10 });
      yt.textContent = String(v);
      svg.append(xt, yt);
    }
    const xl = el('text', { x: M.left + W / 2, y: SIZE - 4, 'text-anchor': 'middle', 'font-size': 11 });
    xl.textContent = 'mean predicted P(t = 1)';
    const yl = el('text', { x: 11, y: M.top + H / 2, 'text-anchor': 'middle', 'font-size': 11, transform: `rotate(-90 11 ${M.top + H / 2})` });
    yl.textContent = 'observed rate of t = 1';
    svg.append(xl, yl);
    svg.append(el('line', { x1: px(0), y1: py(0), x2: px(1), y2: py(1), stroke: '#999', 'stroke-dasharray': '4 3', 'data-series': 'diagonal' }));
    const series = /** @type {const} */ ([
      ['rolling', rolling, '#ff7f0e', '6 3'],
      ['cumulative', cumulative, '#1f77b4', ''],
    ]);
    const most = Math.max(1, ...cumulative.map((p) => p.count), ...rolling.map((p) => p.count));
    for (const [name, points, colour, dash] of series) {
      if (points.length === 0) continue;
      const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(p.predicted).toFixed(1)},${py(p.observed).toFixed(1)}`).join('');
      svg.append(el('path', { d, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash, 'data-series': name }));
      for (const p of points) {
        // The area of a point grows with the predictions in its bin.
        const r = 2 + 4 * Math.sqrt(p.count / most);
        const dot = el('circle', { cx: px(p.predicted), cy: py(p.observed), r: r.toFixed(1), fill: colour, 'data-series': name, 'data-predicted': p.predicted, 'data-observed': p.observed, 'data-count': p.count });
        const title = el('title', {});
        title.textContent = `${name}: ${fmtCount(p.count)} predictions, mean ${fmtNumber(p.predicted)}, observed ${fmtNumber(p.observed)}`;
        dot.append(title);
        svg.append(dot);
      }
    }
  }
}

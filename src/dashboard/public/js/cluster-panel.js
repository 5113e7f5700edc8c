// @ts-check
/**
 * The cluster row of the header, shown only by a gateway (`rxlogit serve
 * --follow`) that receives `cluster` messages: which process leads, the
 * learner's lag (input messages pending) and the age of the newest model
 * version, counted up between messages.
 */
import { fmtCount } from './format.js';

/** A learner that has said nothing for this long is shown as silent. */
const SILENT_MS = 5000;

/**
 * Formats milliseconds as `850 ms`, `12 s`, `3 min 4 s` or `2 h 5 min`.
 * @param {number | null | undefined} ms
 * @returns {string}
 * @example
 * fmtAge(65_000); // '1 min 5 s'
 */
export function fmtAge(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export class ClusterPanel {
  /** @type {Record<string, any> | null} */
  #last = null;
  #receivedAt = 0;
  /** @type {ReturnType<typeof setInterval> | null} */
  #timer = null;

  /** @param {HTMLElement} root - the hidden row; its `[data-field]` children get the values */
  constructor(root) {
    this.root = root;
  }

  /**
   * Shows a `cluster` message (and reveals the row).
   * @param {Record<string, any>} m
   */
  show(m) {
    this.#last = m;
    this.#receivedAt = performance.now();
    this.root.hidden = false;
    this.#timer ??= setInterval(() => this.#render(), 1000);
    this.#render();
  }

  #render() {
    const m = this.#last;
    if (m === null) return;
    const since = performance.now() - this.#receivedAt;
    const age = (/** @type {unknown} */ v) => (typeof v === 'number' ? v + since : null);
    const statusAge = age(m.statusAgeMs);
    const silent = statusAge === null || statusAge > SILENT_MS;
    const holder = typeof m.holder === 'string' ? m.holder.slice(0, 80) : null;
    this.#set('model', typeof m.model === 'string' ? m.model.slice(0, 80) : '–');
    this.#set(
      'leader',
      holder === null ? (statusAge === null ? 'no learner heard yet' : '–') : silent ? `${holder} (silent for ${fmtAge(statusAge)})` : holder,
    );
    this.root.dataset.silent = String(silent);
    this.#set('lag', typeof m.pending === 'number' ? `${fmtCount(m.pending)} msgs` : '–');
    this.#set('model-age', fmtAge(age(m.modelAgeMs)));
    this.#set('model-revision', typeof m.modelRevision === 'number' ? fmtCount(m.modelRevision) : '–');
  }

  /** @param {string} field @param {string} text */
  #set(field, text) {
    const el = this.root.querySelector(`[data-field="${field}"]`);
    if (el) el.textContent = text;
  }
}

// @ts-check
import { fmtCount, fmtNumber, fmtPercent, fmtRate } from './format.js';

/** @typedef {import('./messages.js').Step} Step */
/** @typedef {import('./connection.js').ConnectionState} ConnectionState */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Writes the counters of the page's header from the latest step.
 * @param {Step | null} step
 * @param {boolean} paused
 * @example
 * renderCounters(history.lastStep, false);
 */
export function renderCounters(step, paused) {
  $('c-seen').textContent = fmtCount(step?.n);
  $('c-rate').textContent = fmtRate(step?.samplesPerSecond);
  $('c-rejected').textContent = fmtCount(step?.rejected);
  $('c-version').textContent = fmtCount(step?.version);
  $('c-lr').textContent = fmtNumber(step?.lr);
  $('c-acc').textContent = fmtPercent(step?.rollingAccuracy);
  $('paused-badge').hidden = !paused;
}

/**
 * Shows the connection's state (read out by screen readers: the text is in a
 * `role="status"` region) and offers "reconnect" once it gave up.
 * @param {ConnectionState} s
 * @returns {string} the state's text
 * @example
 * showConnection({ state: 'reconnecting', delayMs: 2000, attempt: 2, reason: 'code 1006' });
 */
export function showConnection(s) {
  const el = $('connection');
  el.dataset.state = s.state;
  const text = {
    connecting: 'connecting…',
    live: 'live',
    reconnecting: `reconnecting in ${((s.delayMs ?? 0) / 1000).toFixed(1)} s (attempt ${s.attempt ?? 1})`,
    closed: 'closed',
  }[s.state];
  $('connection-text').textContent = text;
  $('connection-reason').textContent = s.reason && s.state !== 'live' ? `last close: ${s.reason}` : '';
  $('reconnect').hidden = s.state !== 'closed';
  return text;
}

/**
 * Summarises the learner's set-up from the `hello` message, in a line.
 * @param {Record<string, any>} hello
 * @example
 * showConfig({ server: 'rxlogit/0.1.0', model: { inputs: 2, bias: true }, config: { mode: 'sample' } });
 * // → "server rxlogit/0.1.0 · 2 inputs · bias yes · mode sample"
 */
export function showConfig(hello) {
  const c = hello.config !== null && typeof hello.config === 'object' ? hello.config : {};
  const parts = [
    `server ${String(hello.server ?? '?')}`,
    `${String(hello.model?.inputs ?? '?')} inputs`,
    `bias ${hello.model?.bias ? 'yes' : 'no'}`,
    c.mode ? `mode ${String(c.mode)}` : '',
    c.mode === 'minibatch' && c.batchSize ? `batch ${String(c.batchSize)}` : '',
    c.schedule?.kind ? `schedule ${String(c.schedule.kind)}` : '',
    c.source ? `source ${String(c.source)}` : '',
  ];
  $('config').textContent = parts.filter(Boolean).join(' · ');
}

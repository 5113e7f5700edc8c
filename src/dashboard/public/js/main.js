// @ts-check
import { Connection, streamUrl } from './connection.js';
import { Controls } from './controls.js';
import { debiasedEma } from './ema.js';
import { renderCounters, showConfig, showConnection } from './header.js';
import { History } from './history.js';
import { LossChart } from './loss-chart.js';
import { MessageLog } from './message-log.js';
import { parseFrame, readGrid, readSamples, readStep } from './messages.js';
import { PlaneChart } from './plane-chart.js';
import { wireSmoothing } from './smoothing-slider.js';
import { SurfaceChart } from './surface-chart.js';

/** Steps per second asked of the server. */
const MAX_RATE = 20;

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const token = new URLSearchParams(location.search).get('token');
const log = new MessageLog($('log'));
const history = new History();
const surfaceChart = new SurfaceChart(/** @type {HTMLCanvasElement} */ ($('surface-chart')));
const planeChart = new PlaneChart(/** @type {HTMLCanvasElement} */ ($('plane-chart')));
surfaceChart.setPath(history.path);
/** @type {LossChart | null} */
let lossChart = null;
try {
  lossChart = new LossChart($('loss-chart'));
} catch (e) {
  log.add('error', e instanceof Error ? e.message : String(e));
}

const page = {
  canWrite: false,
  paused: false,
  inputs: 2,
  smoothing: 0.9,
  /** @type {Set<string>} */
  warned: new Set(),
  /** @type {number | null} */
  frame: null,
  dirty: { loss: true, surface: true, plane: true, header: true },
};

const controls = new Controls({
  root: $('controls'),
  send: (m) => connection.send(m),
  log: (kind, text) => log.add(kind, text),
});
controls.setWritable(false);

const connection = new Connection({
  url: streamUrl(location, token),
  onFrame: handleFrame,
  onState: onConnectionState,
  onOpen: () => connection.send({ type: 'subscribe', id: 'subscribe', streams: ['steps', 'view'], maxRate: MAX_RATE }),
});
$('reconnect').addEventListener('click', () => connection.start());

page.smoothing = wireSmoothing(/** @type {HTMLInputElement} */ ($('smoothing')), $('smoothing-value'), (weight) => {
  page.smoothing = weight;
  invalidate('loss');
});

new ResizeObserver(() => {
  lossChart?.resize();
  invalidate('loss', 'surface', 'plane');
}).observe($('charts'));

connection.start();
invalidate('loss', 'surface', 'plane', 'header');

/** @param {unknown} data */
function handleFrame(data) {
  const parsed = parseFrame(data);
  if (!parsed.ok) {
    warnOnce(`frame:${parsed.reason.slice(0, 40)}`, `ignored a message from the server: ${parsed.reason}`);
    return;
  }
  const m = parsed.message;
  switch (m.type) {
    case 'hello':
      return onHello(m);
    case 'snapshot':
      return onSnapshot(m);
    case 'step':
      return onStep(m);
    case 'view':
      return onView(m);
    case 'control-ack':
      controls.acknowledged(m);
      if (typeof m.paused === 'boolean') setPaused(m.paused);
      // The ack carries the new rate at once, even when no step follows (paused).
      if (history.lastStep && typeof m.lr === 'number' && Number.isFinite(m.lr)) history.lastStep.lr = m.lr;
      invalidate('header');
      return;
    case 'error':
      if (!controls.failed(m)) log.add('error', `server error ${String(m.code)}: ${String(m.message)}`);
      return;
    case 'subscribed':
      log.add('info', `subscribed to ${Array.isArray(m.streams) ? m.streams.join(' + ') : '?'} at ≤ ${String(m.maxRate)} steps/s`);
      return;
    case 'ack':
    case 'prediction':
      return;
    default:
      warnOnce(`type:${m.type}`, `ignored messages of unknown type "${m.type.slice(0, 40)}"`);
  }
}

/** @param {Record<string, any>} m */
function onHello(m) {
  connection.healthy();
  if (m.protocol !== 1) log.add('error', `the server speaks protocol ${String(m.protocol)}; this page knows protocol 1`);
  page.canWrite = m.canWrite === true;
  page.inputs = typeof m.model?.inputs === 'number' ? m.model.inputs : 2;
  document.body.dataset.canWrite = String(page.canWrite);
  controls.setWritable(page.canWrite);
  if (token && !page.canWrite) log.add('error', 'the token in the address was not accepted: read-only');
  showConfig(m);
}

/** @param {Record<string, any>} m */
function onSnapshot(m) {
  const steps = [];
  for (const raw of Array.isArray(m.steps) ? m.steps : []) {
    const step = readStep(raw);
    if (step) steps.push(step);
  }
  history.loadSnapshot(steps);
  planeChart.setSamples(readSamples(m.samples, 500));
  if (typeof m.paused === 'boolean') setPaused(m.paused);
  if (m.view) onView(m.view);
  else {
    surfaceChart.setSurface(null, waitingReason());
    planeChart.setPlane(null, waitingReason());
  }
  afterStep();
}

/** @param {Record<string, any>} m */
function onStep(m) {
  const step = readStep(m);
  if (!step) {
    warnOnce('step', 'ignored a step without a number n');
    return;
  }
  if (history.addStep(step) === 'restarted') log.add('info', 'the model was reset: the curves start over');
  if (step.paused !== null && step.paused !== page.paused) setPaused(step.paused);
  afterStep();
}

function afterStep() {
  planeChart.setBoundary(history.boundary());
  controls.showLearningRate(history.lastStep?.lr ?? null);
  invalidate('loss', 'surface', 'plane', 'header');
}

/** @param {Record<string, any>} m */
function onView(m) {
  const surface = readGrid(m.surface, ['w1', 'w2', 'loss']);
  const plane = readGrid(m.plane, ['x1', 'x2', 'proba']);
  for (const [name, r] of /** @type {const} */ ([['surface', surface], ['plane', plane]])) {
    if (!r.grid && r.reason !== 'none yet') warnOnce(`view:${name}`, `view.${name} unusable: ${r.reason}`);
  }
  surfaceChart.setSurface(surface.grid, surface.grid ? '' : waitingReason(surface.reason));
  planeChart.setPlane(plane.grid, plane.grid ? '' : waitingReason(plane.reason));
  if (Array.isArray(m.samples)) planeChart.setSamples(readSamples(m.samples, 500));
  invalidate('surface', 'plane');
}

/**
 * @param {string} [reason]
 * @returns {string}
 */
function waitingReason(reason = 'none yet') {
  if (page.inputs < 2) return 'shown for models with 2 or more inputs';
  return reason === 'none yet' ? 'waiting for data…' : `unusable (${reason})`;
}

/** @param {boolean} paused */
function setPaused(paused) {
  page.paused = paused;
  controls.setPaused(paused);
  invalidate('header');
}

/** @param {import('./connection.js').ConnectionState} s */
function onConnectionState(s) {
  const text = showConnection(s);
  if (s.state === 'closed' || s.state === 'reconnecting') {
    log.add(s.state === 'closed' ? 'error' : 'info', `connection ${text}${s.reason ? ` — ${s.reason}` : ''}`);
  }
}

/** @param {...('loss' | 'surface' | 'plane' | 'header')} parts */
function invalidate(...parts) {
  for (const p of parts) page.dirty[p] = true;
  if (page.frame === null) page.frame = requestAnimationFrame(render);
}

function render() {
  page.frame = null;
  const d = page.dirty;
  if (d.loss) renderLoss();
  if (d.surface) surfaceChart.draw();
  if (d.plane) planeChart.draw();
  if (d.header) renderCounters(history.lastStep, page.paused);
  page.dirty = { loss: false, surface: false, plane: false, header: false };
}

function renderLoss() {
  const h = history.loss;
  const el = $('loss-chart');
  el.dataset.points = String(h.length);
  $('loss-placeholder').hidden = h.length > 0;
  if (!lossChart) return;
  const raw = h.column('loss');
  lossChart.setData(h.column('n').slice(), raw.slice(), debiasedEma(raw, page.smoothing), h.column('acc').slice());
}

/**
 * @param {string} key
 * @param {string} text
 */
function warnOnce(key, text) {
  if (page.warned.has(key) || page.warned.size > 100) return;
  page.warned.add(key);
  log.add('error', text);
}

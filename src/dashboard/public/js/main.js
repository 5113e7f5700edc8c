// @ts-check
import { accessUrl, checkAccess } from './access-check.js';
import { showAccess } from './access-notice.js';
import { CalibrationChart } from './calibration-chart.js';
import { ClusterPanel } from './cluster-panel.js';
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
import { showCheckpointStatus } from './status-banner.js';
import { SurfaceChart } from './surface-chart.js';

/** Steps per second asked of the server. */
const MAX_RATE = 20;

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** The token from the address; null once the server refused it (the page then reads without it). */
let token = new URLSearchParams(location.search).get('token');
const log = new MessageLog($('log'));
const cluster = new ClusterPanel($('cluster'));
const calibration = new CalibrationChart($('events-card'));
const history = new History();
const surfaceChart = new SurfaceChart(/** @type {HTMLCanvasElement} */ ($('surface-chart')));
const planeChart = new PlaneChart(/** @type {HTMLCanvasElement} */ ($('plane-chart')));
surfaceChart.setPath(history.path);
/** @type {LossChart | null} */
let lossChart = null;
try {
  lossChart = new LossChart($('loss-chart'), $('loss-clipped'));
} catch (e) {
  log.add('error', e instanceof Error ? e.message : String(e));
}

const page = {
  canWrite: false,
  paused: false,
  /** A `GET access` question is under way (one at a time). */
  checkingToken: false,
  /** Reading needs a token the page does not have: no more retrying until the page is reloaded or "reconnect" is clicked. */
  gaveUp: false,
  /** Why the server refused the address's token, once it did (the notice stays until a reload). */
  refusal: /** @type {string | null} */ (null),
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

const connection = new Connection({
  url: streamUrl(location, token),
  onFrame: handleFrame,
  onState: onConnectionState,
  onOpen: () => connection.send({ type: 'subscribe', id: 'subscribe', streams: ['steps', 'view'], maxRate: MAX_RATE }),
});
$('reconnect').addEventListener('click', () => {
  page.gaveUp = false;
  connection.start();
});

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
      calibration.show(m.events);
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
    case 'cluster':
      return cluster.show(m);
    case 'status':
      showCheckpointStatus($('checkpoint-banner'), m.checkpoint);
      return;
    case 'ack':
    case 'prediction':
    case 'label-ack':
      return;
    default:
      warnOnce(`type:${m.type}`, `ignored messages of unknown type "${m.type.slice(0, 40)}"`);
  }
}

/** @param {Record<string, any>} m */
function onHello(m) {
  connection.healthy();
  // A fresh connection is told again if the checkpoint still fails.
  showCheckpointStatus($('checkpoint-banner'), null);
  if (m.protocol !== 1) log.add('error', `the server speaks protocol ${String(m.protocol)}; this page knows protocol 1`);
  page.canWrite = m.canWrite === true;
  page.inputs = typeof m.model?.inputs === 'number' ? m.model.inputs : 2;
  // A refused token was dropped, and its notice stays up until the page is reloaded.
  if (page.canWrite) showAccess('write');
  else if (page.refusal !== null) showAccess('refused', page.refusal);
  else showAccess(token ? 'read-token' : 'no-token');
  // A gateway (serve --follow) says why it takes no samples or controls: whatever the token, that is the reason.
  if (typeof m.readOnly === 'string') $('read-only-why').textContent = m.readOnly.slice(0, 400);
  else if (token && !page.canWrite) log.add('info', 'the token in the address allows reading only');
  showConfig(m);
  controls.describeReset(m.config);
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
  // 1006 before opening: refused or unreachable. The browser cannot tell which; the server can.
  if (s.code === 1006 && !s.opened && !page.checkingToken && !page.gaveUp) void verifyToken(token);
}

/**
 * Asks the server whether the page's token (or none) is accepted. A refused
 * token is dropped and the page reads without it when it may; when reading
 * needs a token the page stops retrying and says so.
 * @param {string | null} asked
 */
async function verifyToken(asked) {
  page.checkingToken = true;
  const result = await checkAccess(accessUrl(location), asked);
  page.checkingToken = false;
  if (result.kind !== 'refused' || token !== asked) return;
  page.canWrite = false;
  if (asked !== null) log.add('error', `the server refused the token in this address (${result.reason})`);
  if (asked !== null && result.readWithoutToken) {
    token = null;
    page.refusal = result.reason;
    showAccess('refused', result.reason);
    connection.setUrl(streamUrl(location, null));
    connection.start();
    return;
  }
  page.gaveUp = true;
  showAccess(asked === null ? 'token-required' : 'refused-no-read', result.reason);
  connection.close(asked === null ? 'this server needs a token to read' : 'the token was refused, and this server needs one to read');
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

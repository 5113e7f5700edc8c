// @ts-check
/**
 * Reading the server's messages defensively: the page must survive any
 * payload (missing fields, `null` numbers, empty arrays, wrong lengths), so
 * each reader returns a clean object or `null` with the reason.
 */

/**
 * A step as the server sends it (`step` messages, `snapshot.steps`): the
 * protocol's own type, imported from its zod schema in src/server/protocol.ts
 * (erased at run time: the browser never loads it), never copied here.
 * @typedef {import('../../../server/protocol.js').StepPayload} StepPayload
 */

/**
 * A step as the page reads it: the fields of {@link StepPayload} it draws,
 * each `null` when missing or not finite (the page survives any payload),
 * with the metrics it shows lifted out of `metrics`. Derived from
 * `StepPayload` by name, so a field renamed or removed in the protocol fails
 * the dashboard's type check (`npm run typecheck`) instead of reading
 * `undefined` silently.
 * @typedef {{ n: number, weights: (number | null)[] }
 *   & { [K in 'loss' | 'bias' | 'version' | 'lr' | 'rejected' | 'samplesPerSecond' | 'paused']: StepPayload[K] | null }
 *   & { [K in 'accuracy' | 'rollingAccuracy' | 'rollingLogLoss']: StepPayload['metrics'][K] | null }} Step
 */

/**
 * @typedef {object} Grid
 * @property {[number, number, number]} a - first axis [min, max, n]
 * @property {[number, number, number]} b - second axis [min, max, n]
 * @property {Float64Array} values - row-major, first axis fastest (NaN where missing)
 */

/** @typedef {{ x1: number, x2: number, t: 0 | 1 }} PlotSample */

/**
 * Parses one WebSocket frame.
 * @param {unknown} data - the frame's text
 * @returns {{ ok: true, message: Record<string, unknown> & { type: string } } | { ok: false, reason: string }}
 * @example
 * parseFrame('{"type":"step"}'); // → { ok: true, message: { type: 'step' } }
 */
export function parseFrame(data) {
  if (typeof data !== 'string') return { ok: false, reason: 'a binary frame (expected JSON text)' };
  let value;
  try {
    value = JSON.parse(data);
  } catch (e) {
    return { ok: false, reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  if (typeof value.type !== 'string') return { ok: false, reason: 'no string "type" field' };
  return { ok: true, message: value };
}

/** @param {unknown} v @returns {number | null} */
export function num(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Reads a step (from a `step` message or `snapshot.steps`).
 * @param {unknown} raw
 * @returns {Step | null} null when it has no finite `n`
 * @example
 * readStep({ n: 3, loss: null, weights: [1, 2] })?.loss; // → null
 */
export function readStep(raw) {
  if (raw === null || typeof raw !== 'object') return null;
  const s = /** @type {Record<string, any>} */ (raw);
  const n = num(s.n);
  if (n === null) return null;
  const m = s.metrics !== null && typeof s.metrics === 'object' ? s.metrics : {};
  return {
    n,
    loss: num(s.loss),
    weights: Array.isArray(s.weights) ? s.weights.map(num) : [],
    bias: num(s.bias),
    version: num(s.version),
    lr: num(s.lr),
    accuracy: num(m.accuracy),
    rollingAccuracy: num(m.rollingAccuracy),
    rollingLogLoss: num(m.rollingLogLoss),
    rejected: num(s.rejected),
    samplesPerSecond: num(s.samplesPerSecond),
    paused: typeof s.paused === 'boolean' ? s.paused : null,
  };
}

/**
 * Keeps the samples that can be drawn: at least two finite inputs and a label 0 or 1.
 * @param {unknown} raw
 * @param {number} [max] - keep at most the last `max` (default 500)
 * @returns {PlotSample[]}
 * @example
 * readSamples([{ x: [1, 2], t: 1 }, { x: [1], t: 0 }]); // → [{ x1: 1, x2: 2, t: 1 }]
 */
export function readSamples(raw, max = 500) {
  if (!Array.isArray(raw)) return [];
  /** @type {PlotSample[]} */
  const out = [];
  for (const s of raw.slice(-max)) {
    if (s === null || typeof s !== 'object' || !Array.isArray(s.x)) continue;
    const x1 = num(s.x[0]);
    const x2 = num(s.x[1]);
    if (x1 === null || x2 === null || (s.t !== 0 && s.t !== 1)) continue;
    out.push({ x1, x2, t: s.t });
  }
  return out;
}

/**
 * Reads a grid such as `view.surface` (`keys = ['w1', 'w2', 'loss']`).
 * @param {unknown} raw
 * @param {[string, string, string]} keys - the two axis fields and the values field
 * @returns {{ grid: Grid, reason?: undefined } | { grid: null, reason: string }}
 * @example
 * readGrid({ x1: [0, 1, 2], x2: [0, 1, 2], proba: [0, 0, 1, 1] }, ['x1', 'x2', 'proba']).grid?.values.length; // → 4
 */
export function readGrid(raw, keys) {
  if (raw === null || raw === undefined) return { grid: null, reason: 'none yet' };
  if (typeof raw !== 'object') return { grid: null, reason: 'not an object' };
  const g = /** @type {Record<string, unknown>} */ (raw);
  const [ka, kb, kv] = keys;
  const a = readAxis(g[ka]);
  if (typeof a === 'string') return { grid: null, reason: `${ka}: ${a}` };
  const b = readAxis(g[kb]);
  if (typeof b === 'string') return { grid: null, reason: `${kb}: ${b}` };
  const v = g[kv];
  if (!Array.isArray(v)) return { grid: null, reason: `${kv}: not an array` };
  if (v.length !== a[2] * b[2]) {
    return { grid: null, reason: `${kv}: ${v.length} values for a ${a[2]}×${b[2]} grid` };
  }
  const values = Float64Array.from(v, (x) => num(x) ?? NaN);
  return { grid: { a, b, values } };
}

/**
 * @param {unknown} raw
 * @returns {[number, number, number] | string} the axis, or why it is unusable
 */
function readAxis(raw) {
  if (!Array.isArray(raw) || raw.length !== 3) return 'not [min, max, n]';
  const [min, max, n] = raw.map(num);
  if (min === null || max === null || n === null) return 'not finite numbers';
  if (!(max > min)) return `max ${max} is not above min ${min}`;
  if (!Number.isInteger(n) || n < 2) return `n = ${n} (need an integer ≥ 2)`;
  return [min, max, n];
}

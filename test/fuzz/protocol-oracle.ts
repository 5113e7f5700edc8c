/**
 * What the server must answer to a frame, written from the protocol's
 * documentation (`/tmp/protocol.md`, the schemas' rules) with `JSON.parse`
 * and nothing of `src/server`: binary frames and bad JSON get `bad-json`,
 * non-objects and schema violations `bad-message`, unknown types
 * `unknown-type`, writes without the token `unauthorized`, `durable` without
 * a checkpoint `bad-request`; the `id` is echoed whenever it is a valid id.
 *
 * @module
 */

/** A message id, as the client chose it. */
export type Id = string | number;

/** The answer a frame must get. */
export type ExpectedAnswer =
  | { readonly type: 'error'; readonly code: 'bad-json' | 'bad-message' | 'unknown-type' | 'unauthorized' | 'bad-request'; readonly id: Id | undefined }
  | { readonly type: 'ack'; readonly id: Id; readonly rejected: readonly number[]; readonly learned: readonly unknown[] }
  | { readonly type: 'prediction'; readonly id: Id; readonly rows: number }
  | { readonly type: 'subscribed'; readonly id: Id }
  | { readonly type: 'control-ack'; readonly id: Id }
  | { readonly type: 'none' };

/** The connection and server a frame is sent to. */
export interface OracleContext {
  readonly canWrite: boolean;
  readonly inputs: number;
}

/** The server's default `readerMaxPredictRows`. */
const READER_MAX_PREDICT_ROWS = 1000;
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
const isId = (v: unknown): v is Id => (typeof v === 'string' && v.length <= 128) || (typeof v === 'number' && Number.isFinite(v));
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const onlyKeys = (o: object, keys: readonly string[]): boolean => Object.keys(o).every((k) => keys.includes(k));
const has = (o: object, k: string): boolean => Object.hasOwn(o, k);

/** Whether an item of a `samples` message is a valid sample of the model's width. */
export function isValidSample(item: unknown, inputs: number): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const { x, t } = item as { x?: unknown; t?: unknown };
  return Array.isArray(x) && x.length === inputs && x.every(isFiniteNumber) && (t === 0 || t === 1);
}

/** What parsing a text frame must give: a valid message, or an error code and the id to echo. */
export type ExpectedParse =
  | { readonly ok: true; readonly message: Readonly<Record<string, unknown>>; readonly id: Id | undefined }
  | { readonly ok: false; readonly code: 'bad-json' | 'bad-message' | 'unknown-type'; readonly id: Id | undefined };

/**
 * What parsing a text frame must give: JSON, an object, a string `type` of
 * the four known ones, then that type's rules (strict keys).
 *
 * @example
 * ```ts
 * expectedParse('{"type":"subscribe","streams":[],"__proto__":{}}'); // { ok: false, code: 'bad-message', id: undefined }
 * ```
 */
export function expectedParse(text: string): ExpectedParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad-json', id: undefined };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, code: 'bad-message', id: undefined };
  const m = value as Record<string, unknown>;
  const idOk = has(m, 'id') && isId(m['id']);
  const id = idOk ? (m['id'] as Id) : undefined;
  const type = has(m, 'type') ? m['type'] : undefined;
  if (typeof type !== 'string') return { ok: false, code: 'bad-message', id };
  if (!['subscribe', 'samples', 'predict', 'control', 'label'].includes(type)) return { ok: false, code: 'unknown-type', id };
  let ok: boolean;
  switch (type) {
    case 'subscribe': {
      const streams = m['streams'];
      ok =
        onlyKeys(m, ['type', 'id', 'streams', 'maxRate']) &&
        (!has(m, 'id') || idOk) &&
        Array.isArray(streams) && streams.length <= 2 && streams.every((s) => s === 'steps' || s === 'view') &&
        (!has(m, 'maxRate') || (isFiniteNumber(m['maxRate']) && m['maxRate'] > 0 && m['maxRate'] <= 60));
      break;
    }
    case 'samples': {
      const samples = m['samples'];
      ok =
        onlyKeys(m, ['type', 'id', 'samples', 'durable']) && idOk &&
        Array.isArray(samples) && samples.length >= 1 && samples.length <= 10_000 &&
        (!has(m, 'durable') || typeof m['durable'] === 'boolean');
      break;
    }
    case 'predict': {
      // The fuzzer sends rows `x`; a predict of named-feature `events` is checked by the event tests.
      const x = m['x'];
      ok =
        onlyKeys(m, ['type', 'id', 'x']) && idOk &&
        Array.isArray(x) && x.length >= 1 && x.length <= 100_000 && x.every((row) => Array.isArray(row) && row.every(isFiniteNumber));
      break;
    }
    case 'label': {
      const labels = m['labels'];
      ok = onlyKeys(m, ['type', 'id', 'labels']) && idOk && Array.isArray(labels) && labels.length >= 1 && labels.length <= 10_000;
      break;
    }
    default: {
      const action = m['action'];
      ok =
        onlyKeys(m, ['type', 'id', 'action', 'lr']) && idOk &&
        (action === 'pause' || action === 'resume' || action === 'reset' || action === 'set-learning-rate') &&
        (!has(m, 'lr') || (isFiniteNumber(m['lr']) && m['lr'] > 0)) &&
        (action === 'set-learning-rate') === has(m, 'lr');
    }
  }
  return ok ? { ok: true, message: m, id } : { ok: false, code: 'bad-message', id };
}

/**
 * The answer the protocol requires for one frame.
 *
 * @example
 * ```ts
 * expectedAnswer(Buffer.from('{"type":"nope","id":3}'), false, { canWrite: false, inputs: 2 });
 * // { type: 'error', code: 'unknown-type', id: 3 }
 * ```
 */
export function expectedAnswer(data: Buffer, binary: boolean, ctx: OracleContext): ExpectedAnswer {
  if (binary) return { type: 'error', code: 'bad-json', id: undefined };
  const text = data.toString('utf8');
  // A reader's predict may carry at most 1,000 rows (checked before the schema).
  if (!ctx.canWrite) {
    const early = expectedParse(text);
    const value = early.ok ? early.message : safeJson(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const m = value as Record<string, unknown>;
      if (m['type'] === 'predict' && Array.isArray(m['x']) && m['x'].length > READER_MAX_PREDICT_ROWS) {
        return { type: 'error', code: 'bad-message', id: has(m, 'id') && isId(m['id']) ? (m['id'] as Id) : undefined };
      }
    }
  }
  const parsed = expectedParse(text);
  if (!parsed.ok) return { type: 'error', code: parsed.code, id: parsed.id };
  const { message: m, id } = parsed;
  const error = (code: 'bad-message' | 'unauthorized' | 'bad-request'): ExpectedAnswer => ({ type: 'error', code, id });
  switch (m['type']) {
    case 'subscribe':
      return id === undefined ? { type: 'none' } : { type: 'subscribed', id };
    case 'samples': {
      if (!ctx.canWrite) return error('unauthorized');
      if (m['durable'] === true) return error('bad-request'); // the fuzzed server has no checkpoint
      const rejected: number[] = [];
      const learned: unknown[] = [];
      (m['samples'] as unknown[]).forEach((s, i) => (isValidSample(s, ctx.inputs) ? learned.push(s) : rejected.push(i)));
      return { type: 'ack', id: id!, rejected, learned };
    }
    case 'predict':
      if ((m['x'] as unknown[][]).some((row) => row.length !== ctx.inputs)) return error('bad-message');
      return { type: 'prediction', id: id!, rows: (m['x'] as unknown[]).length };
    case 'label':
      // The fuzzed server has no event learner.
      return ctx.canWrite ? error('bad-request') : error('unauthorized');
    default:
      return ctx.canWrite ? { type: 'control-ack', id: id! } : error('unauthorized');
  }
}

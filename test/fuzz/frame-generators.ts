/**
 * Seeded generators of WebSocket frames for the protocol fuzz: valid client
 * messages of every type, the same with exactly one field wrong, pollution
 * and duplicate keys, broken and hostile JSON, binary frames, and the big
 * inputs. What the server must answer is decided by `protocol-oracle.ts`.
 *
 * @module
 */
import {
  decorate, deeplyNested, finiteNumberText, hugeArray, hugeString, int, NUMBER_STRINGS, ODD_NUMBER_TOKENS, pick, randomBytes, truncated, weighted,
} from './generators.js';
import { arr, num, obj, raw, str, toJson, withDuplicateKey, withField, withPollutionKeys, wrongTypeValue } from './json-tree.js';
import type { Rng } from './generators.js';
import type { JsonNode } from './json-tree.js';

/** One generated frame. */
export interface GeneratedFrame {
  /** The payload, as sent. */
  readonly data: Buffer;
  /** Sent as a binary frame (the protocol takes JSON text only). */
  readonly binary: boolean;
  /** What it was made as, for the figures. */
  readonly kind: string;
}

/** Options of {@link protocolFrame}. */
export interface FrameOptions {
  /** The model's width (default 2). */
  readonly inputs?: number;
  /** Whether the connection has the write token: valid `control` messages are only made for connections without it, so that the model is changed by samples alone. */
  readonly canWrite: boolean;
}

const id = (rng: Rng): JsonNode =>
  pick(rng, [() => str(`req-${int(rng, 0, 1e6)}`), () => num(int(rng, 0, 1e6)), () => raw(finiteNumberText(rng)), () => str('')])();

/** A sample for a `samples` message: usually valid, sometimes not (the ack reports those by index). */
export function fuzzSample(rng: Rng, inputs: number): JsonNode {
  const x = (): JsonNode => arr(Array.from({ length: inputs }, () => raw(finiteNumberText(rng))));
  const good = obj([['x', x()], ['t', raw(pick(rng, ['0', '1', '1.0', '-0']))]]);
  switch (weighted(rng, { valid: 12, extra: 2, pollution: 2, width: 1, odd: 1, label: 1, type: 1, missing: 1 })) {
    case 'valid':
      return good;
    case 'extra':
      return withField(good, pick(rng, ['id', 'note', 'w']), wrongTypeValue(rng));
    case 'pollution':
      return withPollutionKeys(rng, good, rng() < 0.5);
    case 'width':
      return withField(good, 'x', arr(Array.from({ length: pick(rng, [0, 1, inputs + 1, inputs + 5]) }, () => num(1))));
    case 'odd':
      return withField(good, 'x', arr([raw(pick(rng, ['1e309', '-1e309'])), ...Array.from({ length: inputs - 1 }, () => num(0))]));
    case 'label':
      return withField(good, 't', pick(rng, [num(2), num(-1), num(0.5), str('1'), raw('true'), raw('null')]));
    case 'type':
      return wrongTypeValue(rng);
    default:
      return withField(good, pick(rng, ['x', 't']), undefined);
  }
}

/** A valid message of the given type (controls: as any client may send them, whether or not it may write). */
export function validMessage(rng: Rng, type: 'subscribe' | 'samples' | 'predict' | 'control', inputs: number): JsonNode {
  switch (type) {
    case 'subscribe': {
      const streams = pick(rng, [[], ['steps'], ['view'], ['steps', 'view'], ['view', 'steps']]);
      const entries: [string, JsonNode][] = [['type', str('subscribe')], ['streams', arr(streams.map(str))]];
      if (rng() < 0.9) entries.push(['id', id(rng)]);
      if (rng() < 0.6) entries.push(['maxRate', num(pick(rng, [1, 2, 5, 10, 30, 60, 0.5, 59.9]))]);
      return obj(entries);
    }
    case 'samples': {
      const n = int(rng, 1, 12);
      const entries: [string, JsonNode][] = [['type', str('samples')], ['id', id(rng)], ['samples', arr(Array.from({ length: n }, () => fuzzSample(rng, inputs)))]];
      if (rng() < 0.1) entries.push(['durable', raw(pick(rng, ['false', 'true']))]);
      return obj(entries);
    }
    case 'predict': {
      const rows = Array.from({ length: int(rng, 1, 6) }, () =>
        arr(Array.from({ length: rng() < 0.05 ? pick(rng, [0, 1, inputs + 1]) : inputs }, () => raw(finiteNumberText(rng)))),
      );
      return obj([['type', str('predict')], ['id', id(rng)], ['x', arr(rows)]]);
    }
    case 'control': {
      const action = pick(rng, ['pause', 'resume', 'reset', 'set-learning-rate']);
      const entries: [string, JsonNode][] = [['type', str('control')], ['id', id(rng)], ['action', str(action)]];
      if (action === 'set-learning-rate') entries.push(['lr', raw(pick(rng, ['0.1', '1e-12', '1000', '5e-324', '1e308']))]);
      return obj(entries);
    }
  }
}

/** Wrong values for each field of the client messages. */
function wrongValueFor(rng: Rng, field: string): JsonNode {
  const generic = (): JsonNode => wrongTypeValue(rng);
  switch (field) {
    case 'type':
      return pick(rng, [str('Subscribe'), str('sample'), str(''), str('__proto__'), str('constructor'), str('toString'), str('hasOwnProperty'), str('ack'), str('error'), generic()]);
    case 'id':
      return pick(rng, [raw('null'), raw('{}'), raw('[]'), raw('true'), str('i'.repeat(129)), raw('1e309'), raw('-1e309')]);
    case 'streams':
      return pick(rng, [arr([str('weights')]), arr([str('steps'), str('view'), str('steps')]), str('steps'), arr([num(1)]), raw('null'), obj([])]);
    case 'maxRate':
      return pick(rng, [num(0), raw('-0'), num(-1), num(61), num(1e9), raw('1e309'), str('10'), raw('null')]);
    case 'samples':
      return pick(rng, [arr([]), obj([['x', arr([num(1)])]]), str('abc'), raw('null'), num(3)]);
    case 'durable':
      return pick(rng, [str('yes'), num(1), raw('null'), arr([])]);
    case 'x':
      return pick(rng, [arr([]), arr([arr([num(1), str('a')])]), arr([arr([raw('1e309'), num(0)])]), arr([num(1), num(2)]), str('1,2'), arr([raw('null')])]);
    case 'action':
      return pick(rng, [str('explode'), str('PAUSE'), str(''), num(1), raw('null')]);
    case 'lr':
      return pick(rng, [num(-1), num(0), raw('-0'), str('0.1'), raw('1e309'), raw('null'), arr([])]);
    default:
      return generic();
  }
}

/** Fields without which a message is invalid (`lr` only with `set-learning-rate`, where it is required). */
const REQUIRED: Record<string, readonly string[]> = {
  subscribe: ['type', 'streams'],
  samples: ['type', 'id', 'samples'],
  predict: ['type', 'id', 'x'],
  control: ['type', 'id', 'action', 'lr'],
};

/**
 * A valid message with exactly one thing wrong: a field's value (from values
 * that field never accepts), a required field missing, an unknown field, or
 * `lr` with the wrong action. Always invalid.
 */
export function oneFieldWrong(rng: Rng, message: JsonNode): JsonNode {
  if (!('obj' in message)) return message;
  const fields = message.obj.map(([k]) => k);
  const type = (message.obj.find(([k]) => k === 'type')?.[1] as { str: string }).str;
  const optional = type === 'subscribe' ? ['maxRate'] : type === 'samples' ? ['durable'] : [];
  switch (weighted(rng, { wrong: 6, missing: 1, extra: 1, lr: type === 'control' ? 1 : 0 })) {
    case 'wrong': {
      const field = pick(rng, [...fields, ...optional]);
      return withField(message, field, wrongValueFor(rng, field));
    }
    case 'missing': {
      const required = fields.filter((f) => REQUIRED[type]!.includes(f));
      return withField(message, pick(rng, required), undefined);
    }
    case 'extra':
      return withField(message, pick(rng, ['extra', 'Type', 'ID', 'token', '']), wrongTypeValue(rng));
    default:
      // lr with an action other than set-learning-rate, or set-learning-rate without lr
      return withField(message, 'lr', fields.includes('lr') ? undefined : num(0.5));
  }
}

const TYPES = ['subscribe', 'samples', 'predict', 'control'] as const;

const FRAME_KINDS = {
  valid: 30,
  'one-field-wrong': 22,
  'pollution-keys': 6,
  'duplicate-keys': 4,
  'unknown-type': 3,
  'not-an-object': 3,
  truncated: 6,
  'odd-number': 4,
  'number-as-string': 3,
  nested: 2,
  'random-text': 3,
  'binary-random': 3,
  'binary-json': 2,
  decorated: 6,
  empty: 1,
} as const;

/**
 * One frame of a seeded random kind.
 *
 * @example
 * ```ts
 * const frame = protocolFrame(fuzzRng('f'), { canWrite: true });
 * ws.send(frame.data, { binary: frame.binary });
 * ```
 */
export function protocolFrame(rng: Rng, options: FrameOptions): GeneratedFrame {
  const inputs = options.inputs ?? 2;
  const kind = weighted(rng, FRAME_KINDS);
  const types = options.canWrite ? TYPES.filter((t) => t !== 'control') : TYPES;
  const message = validMessage(rng, pick(rng, types), inputs);
  const text = (n: JsonNode): string => toJson(n, rng, true);
  const frame = (data: string | Buffer, binary = false): GeneratedFrame => ({ data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data, binary, kind });
  switch (kind) {
    case 'valid':
      return frame(text(message));
    case 'one-field-wrong':
      return frame(text(oneFieldWrong(rng, validMessage(rng, pick(rng, TYPES), inputs))));
    case 'pollution-keys':
      return frame(text(withPollutionKeys(rng, message, rng() < 0.3)));
    case 'duplicate-keys':
      return frame(text(withDuplicateKey(rng, message, wrongTypeValue(rng), rng() < 0.5)));
    case 'unknown-type':
      return frame(text(withField(message, 'type', str(pick(rng, ['hello', 'ack', 'step', 'SUBSCRIBE', 'predict ', 'x'.repeat(int(rng, 41, 300)), '\u0000'])))));
    case 'not-an-object':
      return frame(pick(rng, ['[]', `[${text(message)}]`, '1', '-0', '"subscribe"', 'null', 'true', '1e309']));
    case 'truncated':
      return frame(truncated(rng, text(message)));
    case 'odd-number':
      return frame(text(message).replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/, pick(rng, ODD_NUMBER_TOKENS)));
    case 'number-as-string':
      return frame(text(message).replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/, JSON.stringify(pick(rng, NUMBER_STRINGS))));
    case 'nested':
      return frame(rng() < 0.5 ? deeplyNested(int(rng, 2, 500), pick(rng, ['array', 'object'] as const)) : text(withField(message, pick(rng, ['x', 'samples', 'streams', 'id', 'deep']), raw(deeplyNested(int(rng, 2, 500), 'array')))));
    case 'random-text':
      // Random bytes made valid UTF-8 (invalid UTF-8 in a text frame closes the connection: see the dedicated check).
      return frame(randomBytes(rng, int(rng, 1, 120)).toString('utf8'));
    case 'binary-random':
      return frame(randomBytes(rng, int(rng, 0, 200)), true);
    case 'binary-json':
      return frame(text(message), true);
    case 'decorated':
      return frame(decorate(rng, text(message), pick(rng, ['bom', 'nul-inside', 'nul-after', 'cr-after', 'crlf-after', 'tab-before'] as const)));
    case 'empty':
      return frame('');
  }
}

/**
 * The big frames: 1 MB strings in every position, arrays of 1e5 elements
 * (100,000 rows to predict is the most a message may hold; 100,001 is one too
 * many), and nesting 10,000 and 100,000 deep. All fit in a 1 MiB frame.
 */
export function bigFrames(inputs = 2): GeneratedFrame[] {
  const mb = hugeString(1_000_000);
  const row = `[${Array.from({ length: inputs }, () => '0').join(',')}]`;
  const rows = (n: number): string => `[${Array.from({ length: n }, () => row).join(',')}]`;
  const frame = (kind: string, data: string): GeneratedFrame => ({ data: Buffer.from(data), binary: false, kind });
  const x = `[${Array.from({ length: inputs }, () => '1').join(',')}]`;
  return [
    frame('big:string-1MB-type', `{"type":${mb},"id":1}`),
    frame('big:string-1MB-id', `{"type":"predict","id":${mb},"x":[${x}]}`),
    frame('big:string-1MB-extra-key', `{"type":"subscribe","id":2,"streams":[],"pad":${mb}}`),
    frame('big:string-1MB-sample-extra-key', `{"type":"samples","id":3,"samples":[{"x":${x},"t":1,"pad":${mb}}]}`),
    frame('big:string-1MB-unterminated', mb.slice(0, -1)),
    frame('big:array-1e5-samples', `{"type":"samples","id":4,"samples":${hugeArray(100_000)}}`),
    frame('big:array-1e5+1-samples', `{"type":"samples","id":5,"samples":${hugeArray(100_001)}}`),
    frame('big:rows-1e5-predict', `{"type":"predict","id":6,"x":${rows(100_000)}}`),
    frame('big:rows-1e5+1-predict', `{"type":"predict","id":7,"x":${rows(100_001)}}`),
    frame('big:array-1e5-streams', `{"type":"subscribe","id":8,"streams":${hugeArray(100_000)}}`),
    frame('big:deep-array-10k', deeplyNested(10_000, 'array')),
    frame('big:deep-object-100k', deeplyNested(100_000, 'object')),
    frame('big:deep-100k-in-samples', `{"type":"samples","id":9,"samples":[${deeplyNested(100_000, 'array')}]}`),
    frame('big:deep-100k-in-x', `{"type":"predict","id":10,"x":${deeplyNested(100_000, 'array')}}`),
  ];
}

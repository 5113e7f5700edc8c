// The fuzzers are only as good as their generators and oracles: these tests
// pin what each generator promises and check the oracles on hand-written cases.
import { describe, expect, it } from 'vitest';
import { bigFrames, oneFieldWrong, protocolFrame, validMessage } from './frame-generators.js';
import {
  deeplyNested, finiteNumberText, fuzzRng, hugeArray, hugeString, INVALID_UTF8, ODD_NUMBER_TOKENS, truncated, withInvalidUtf8,
} from './generators.js';
import { arr, num, obj, raw, str, toJson, withDuplicateKey, withPollutionKeys } from './json-tree.js';
import { sameJson } from './parser-fuzz.js';
import { expectedAnswer, expectedParse } from './protocol-oracle.js';
import { generateSampleFile } from './sample-line-generators.js';
import { csvOracle, jsonlOracle, reasonClass, splitLines } from './sample-oracle.js';

const fatal = new TextDecoder('utf-8', { fatal: true });

describe('fuzz generators', () => {
  it('are repeatable: the same seed gives the same file and frames, another seed others', () => {
    const a = generateSampleFile('jsonl', { seed: 's', lines: 300, big: false });
    expect(generateSampleFile('jsonl', { seed: 's', lines: 300, big: false }).bytes.equals(a.bytes)).toBe(true);
    expect(generateSampleFile('jsonl', { seed: 't', lines: 300, big: false }).bytes.equals(a.bytes)).toBe(false);
    const frames = (seed: string) => Array.from({ length: 50 }, ((rng) => () => protocolFrame(rng, { canWrite: true }).data.toString('hex'))(fuzzRng(seed)));
    expect(frames('f')).toEqual(frames('f'));
  });

  it('make invalid UTF-8 that a strict decoder refuses', () => {
    for (const bytes of INVALID_UTF8) expect(() => fatal.decode(bytes), bytes.toString('hex')).toThrow();
    const rng = fuzzRng('utf8');
    for (let i = 0; i < 50; i++) expect(() => fatal.decode(withInvalidUtf8(rng, '{"x":[1],"t":0}'))).toThrow();
  });

  it('nest as deep as asked, parseable by JSON.parse', () => {
    expect(deeplyNested(3, 'array')).toBe('[[[0]]]');
    expect(deeplyNested(2, 'object')).toBe('{"a":{"a":0}}');
    let v: unknown = JSON.parse(deeplyNested(10_000, 'array'));
    let depth = 0;
    while (Array.isArray(v)) (v = v[0]), depth++;
    expect(depth).toBe(10_000);
    expect((JSON.parse(hugeArray(100_000)) as number[]).length).toBe(100_000);
    expect((JSON.parse(hugeString(1_000_000)) as string).length).toBe(1_000_000);
  });

  it('write what JSON.stringify cannot: own __proto__ keys, duplicate keys, raw tokens', () => {
    const polluted = withPollutionKeys(fuzzRng('p'), obj([['a', obj([['b', arr([obj([])])]])]]), true);
    const text = toJson(polluted);
    expect(text.match(/"__proto__"/g)).toHaveLength(3); // at every level: top, a, a.b[0]
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    const base = obj([['x', num(1)]]);
    expect(JSON.parse(toJson(withDuplicateKey(fuzzRng('d'), base, str('no'), false)))).toEqual({ x: 1 });
    expect(JSON.parse(toJson(withDuplicateKey(fuzzRng('d'), base, str('no'), true)))).toEqual({ x: 'no' });
    expect(toJson(arr([raw('1e309'), num(-0)]))).toBe('[1e309,-0]');
    expect(truncated(fuzzRng('t'), 'abc').length).toBeLessThan(3);
  });

  it('spell finite numbers JSON reads as finite, and odd tokens it refuses or reads as infinite', () => {
    const rng = fuzzRng('numbers');
    for (let i = 0; i < 2000; i++) {
      const text = finiteNumberText(rng);
      expect(Number.isFinite(JSON.parse(text)), text).toBe(true);
    }
    for (const token of ODD_NUMBER_TOKENS) {
      let finite = false;
      try {
        finite = Number.isFinite(JSON.parse(token));
      } catch {
        // refused: as intended
      }
      expect(finite, token).toBe(false);
    }
  });

  it('make one field wrong so that the message is always invalid', () => {
    const rng = fuzzRng('one-wrong');
    for (let i = 0; i < 3000; i++) {
      const type = (['subscribe', 'samples', 'predict', 'control'] as const)[i % 4]!;
      const valid = toJson(validMessage(rng, type, 2));
      expect(expectedParse(valid).ok, valid).toBe(true);
      const wrong = toJson(oneFieldWrong(rng, validMessage(rng, type, 2)));
      expect(expectedParse(wrong).ok, wrong).toBe(false);
    }
  });

  it('put the big inputs into a file and into frames under 1 MiB', () => {
    const kinds = Object.keys(generateSampleFile('jsonl', { seed: 'b', lines: 50 }).kinds).filter((k) => k.startsWith('big:'));
    expect(kinds).toHaveLength(8);
    for (const f of bigFrames()) expect(f.data.length, f.kind).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('fuzz oracles, on hand-written cases', () => {
  it('split lines as the formats document: BOM at the start only, LF, one trailing CR', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\r\nb\r\r\n\n\ufeffc')]);
    expect(splitLines(bytes)).toEqual(['a', 'b\r', '', '\ufeffc']);
  });

  it('JSON Lines: valid lines, each problem, the width from the first valid line', () => {
    const lines = [
      '{"x":[1,-0],"t":1}', '  ', '{"x":[1],"t":0}', '{"t":1.0,"x":[2,3],"__proto__":{"x":[9]}}', '{"x":[1e309,1],"t":0}', '{"x":[1,2],"t":"1"}',
      '[1]', '{"x":[1,2]}', '{"x":[],"t":0}', '{"__proto__":{"x":[1,2],"t":1}}', 'NaN', '{"x":[1,2],"t":1,"x":"no"}',
    ];
    const out = jsonlOracle(Buffer.from(lines.join('\n')));
    expect(out.map((l) => (l.kind === 'invalid' ? l.problems.map((p) => p.what).join('+') : l.kind))).toEqual([
      'valid', 'blank', 'width', 'valid', 'x-value', 't-value', 'not-object', 't-missing', 'x-empty', 'x-missing+t-missing', 'json', 'x-not-array',
    ]);
    expect(out[0]!.kind === 'valid' && Object.is(out[0]!.x[1], -0)).toBe(true);
  });

  it('CSV: the header, number spellings, each problem', () => {
    const out = csvOracle(Buffer.from('a,b,t\n .5 ,+1e2,1\n1,0\n1,x,0\n1,2,2\n5\n1,2,3,0\n-0,5.,0.0\r\n'));
    expect(out.map((l) => (l.kind === 'invalid' ? l.problems.map((p) => p.what).join('+') : l.kind))).toEqual([
      'header', 'valid', 'width', 'column', 'label', 'one-column+label', 'width', 'valid',
    ]);
    expect(out[1]).toEqual({ line: 2, kind: 'valid', x: [0.5, 100], t: 1 });
  });

  it('match a reason only to a problem the line has', () => {
    expect(reasonClass('x[1] must be a finite number, got "a"', [{ what: 'x-value', index: 1 }])).toBe('x-value');
    expect(reasonClass('x[0] must be a finite number, got "a"', [{ what: 'x-value', index: 1 }])).toBeUndefined();
    expect(reasonClass('has 3 columns, expected 4 (as on line 1)', [{ what: 'width', got: 3, expected: 4 }])).toBe('width');
  });

  it('protocol: codes, ids, authorisation and acks as documented', () => {
    const ask = (text: string, canWrite = false) => expectedAnswer(Buffer.from(text), false, { canWrite, inputs: 2 });
    expect(ask('{"type":"nope","id":3}')).toEqual({ type: 'error', code: 'unknown-type', id: 3 });
    expect(ask('{"type":"subscribe","streams":[],"__proto__":{}}')).toEqual({ type: 'error', code: 'bad-message', id: undefined });
    expect(ask('{"type":"subscribe","streams":["view"]}')).toEqual({ type: 'none' });
    expect(ask('{"type":"samples","id":"a","samples":[{"x":[1,2],"t":1}]}')).toEqual({ type: 'error', code: 'unauthorized', id: 'a' });
    expect(ask('{"type":"samples","id":"a","samples":[{"x":[1,2],"t":1},{"x":[1],"t":1},{"x":[1,1e309],"t":0}]}', true)).toEqual({
      type: 'ack', id: 'a', rejected: [1, 2], learned: [{ x: [1, 2], t: 1 }],
    });
    expect(ask('{"type":"predict","id":1,"x":[[1,2],[3]]}')).toEqual({ type: 'error', code: 'bad-message', id: 1 });
    expect(ask('{"type":"control","id":1,"action":"pause","lr":0.1}', true)).toEqual({ type: 'error', code: 'bad-message', id: 1 });
    expect(expectedAnswer(Buffer.from('{"type":"subscribe","streams":[]}'), true, { canWrite: true, inputs: 2 })).toEqual({ type: 'error', code: 'bad-json', id: undefined });
  });

  it('compare JSON values 100,000 deep without recursion', () => {
    const deep = deeplyNested(100_000, 'array');
    expect(sameJson(JSON.parse(deep), JSON.parse(deep))).toBe(true);
    expect(sameJson(JSON.parse(deep), JSON.parse(deeplyNested(100_000, 'array', '1')))).toBe(false);
    expect(sameJson({ a: -0 }, { a: 0 })).toBe(false);
  });
});

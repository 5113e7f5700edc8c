import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/core/index.js';
import {
  parseJsonlSample,
  parseJsonlSampleReference,
  scanJsonlInto,
  scanJsonlSample,
} from '../../src/data/jsonl-sample-parser.js';
import { isSampleParseError } from '../../src/data/sample-validation.js';
import type { SampleParseResult } from '../../src/data/sample-validation.js';
import { generateLine } from './jsonl-lines.js';

function reason(line: string): string {
  const r = parseJsonlSample(line, 9);
  if (!isSampleParseError(r)) throw new Error(`accepted ${line}`);
  expect(r.line).toBe(9);
  return r.reason;
}

/** Same acceptance, and bit-identical numbers and labels, or identical errors. */
function same(a: SampleParseResult | undefined, b: SampleParseResult): boolean {
  if (a === undefined) return false;
  if (isSampleParseError(a) || isSampleParseError(b)) {
    return isSampleParseError(a) && isSampleParseError(b) && a.line === b.line && a.reason === b.reason;
  }
  return a.t === b.t && a.x.length === b.x.length && a.x.every((v, i) => Object.is(v, b.x[i]));
}

describe('parseJsonlSample', () => {
  it('reads the common shape, with spaces and either key order', () => {
    expect(parseJsonlSample('{"x":[0.5,-1.25],"t":1}', 1)).toEqual({ x: [0.5, -1.25], t: 1 });
    expect(parseJsonlSample(' { "t" : 0 , "x" : [ 1e3 , -2E-2 , 0 ] } ', 1)).toEqual({ x: [1000, -0.02, 0], t: 0 });
    expect(parseJsonlSample('{"x":[1],"t":0}\r', 1)).toEqual({ x: [1], t: 0 });
  });

  it('keeps -0 and reads numbers exactly as JSON.parse', () => {
    const s = parseJsonlSample('{"x":[-0,0.1,2.5265455283107188,5e-324,1.7976931348623157e308],"t":1}', 1) as Sample;
    expect(Object.is(s.x[0], -0)).toBe(true);
    expect(s.x.slice(1)).toEqual([0.1, 2.5265455283107188, 5e-324, 1.7976931348623157e308]);
  });

  it('allows other keys and any numeric spelling of the labels 0 and 1', () => {
    expect(parseJsonlSample('{"id":7,"x":[1,2],"t":1,"note":"é"}', 1)).toEqual({ x: [1, 2], t: 1 });
    expect(parseJsonlSample('{"x":[1],"t":1.0}', 1)).toEqual({ x: [1], t: 1 });
    expect(parseJsonlSample('{"x":[1],"t":0e5}', 1)).toEqual({ x: [1], t: 0 });
    expect(parseJsonlSample('{"x":[1],"t":-0}', 1)).toEqual({ x: [1], t: 0 });
  });

  it('says what is wrong with an invalid line', () => {
    expect(reason('{"x":[1,2],"t":2}')).toBe('"t" must be 0 or 1, got 2');
    expect(reason('{"x":[1,2],"t":true}')).toBe('"t" must be 0 or 1, got true');
    expect(reason('{"x":[1,2],"t":"1"}')).toBe('"t" must be 0 or 1, got "1"');
    expect(reason('{"x":[1,2]}')).toBe('missing "t"');
    expect(reason('{"t":1}')).toBe('missing "x"');
    expect(reason('{"x":"1,2","t":1}')).toBe('"x" must be an array of numbers, got "1,2"');
    expect(reason('{"x":[],"t":1}')).toBe('"x" is empty: a sample needs at least one feature');
    expect(reason('{"x":[1,"a"],"t":1}')).toBe('x[1] must be a finite number, got "a"');
    expect(reason('{"x":[1,null],"t":1}')).toBe('x[1] must be a finite number, got null');
    expect(reason('{"x":[1e309],"t":1}')).toBe('x[0] must be a finite number, got Infinity (beyond the range of a double)');
    expect(reason('[1,2,0]')).toBe('expected a JSON object {"x":[…],"t":0|1}, got an array');
    expect(reason('null')).toBe('expected a JSON object {"x":[…],"t":0|1}, got null');
    expect(reason('{"x":[NaN],"t":1}')).toMatch(/^not valid JSON \(/);
    expect(reason('{"x":[Infinity],"t":1}')).toMatch(/^not valid JSON \(/);
    expect(reason('{"x":[1],"t":1')).toMatch(/^not valid JSON \(/);
    expect(reason('{"x":[1],"t":1} x')).toMatch(/^not valid JSON \(/);
  });

  it('ignores prototype keys and never pollutes Object.prototype', () => {
    expect(reason('{"__proto__":{"x":[1],"t":1}}')).toBe('missing "x"');
    const s = parseJsonlSample('{"x":[1],"t":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"p":1}}}', 1);
    expect(s).toEqual({ x: [1], t: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['p']).toBeUndefined();
  });
});

describe('scanJsonlInto', () => {
  it('reads a line inside a larger text without looking past its end', () => {
    const text = '{"x":[1,2],"t":1}\n{"x":[3],"t":0}';
    const out = new Float64Array(4);
    expect(scanJsonlInto(text, 0, 17, out)).toBe(2 * 2 + 1);
    expect(Array.from(out.subarray(0, 2))).toEqual([1, 2]);
    expect(scanJsonlInto(text, 18, text.length, out)).toBe(2 * 1 + 0);
    expect(scanJsonlInto('{"x":[12],"t":1}', 0, 7, out)).toBe(-1); // cut inside the number
    expect(scanJsonlInto('{"x":[1],"t":1}  ', 0, 16, out)).toBe(3);
  });

  it('leaves to the reference parser what it does not handle', () => {
    const out = new Float64Array(2);
    for (const line of [
      '{"x":[1],"t":1,"id":2}', // another key
      '{"x":[1],"x":[2],"t":1}', // a duplicate key: JSON.parse keeps the last
      '{"\\u0078":[1],"t":1}', // an escaped key
      '{"x":[1,2,3],"t":1}', // more values than `out` holds
      '{"x":[1],"t":1.0}',
    ]) {
      expect(scanJsonlInto(line, 0, line.length, out), line).toBe(-1);
    }
  });
});

/** A seeded mix of valid lines and subtly broken ones. */
describe('scanner ≡ JSON.parse reference (property test)', () => {
  it('agrees on 200 000 seeded lines, valid and subtly invalid', () => {
    const rng = seedrandom('jsonl-fuzz');
    const disagreements: string[] = [];
    let scanned = 0;
    let valid = 0;
    for (let k = 0; k < 200_000; k++) {
      const line = generateLine(rng);
      const reference = parseJsonlSampleReference(line, k);
      const fast = scanJsonlSample(line);
      if (fast !== undefined) {
        scanned++;
        if (!same(fast, reference)) disagreements.push(`scanner: ${line}`);
      }
      if (!isSampleParseError(reference)) valid++;
      if (!same(parseJsonlSample(line, k), reference)) disagreements.push(`parser: ${line}`);
    }
    expect(disagreements).toEqual([]);
    // The test must exercise both paths substantially.
    expect(scanned).toBeGreaterThan(100_000);
    expect(valid - scanned).toBeGreaterThan(5_000);
    expect(200_000 - valid).toBeGreaterThan(20_000);
  });
});

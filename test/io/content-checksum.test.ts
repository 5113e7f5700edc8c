import { describe, expect, it } from 'vitest';
import { canonicalJson, contentChecksum } from '../../src/io/content-checksum.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined fields and writes numbers exactly', () => {
    expect(canonicalJson({ b: [1, 2.5, { z: 1, a: -0 }], a: null, u: undefined, s: 'é"' })).toBe('{"a":null,"b":[1,2.5,{"a":0,"z":1}],"s":"é\\""}');
    expect(canonicalJson(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(JSON.parse(canonicalJson({ x: 2 ** -1074 })).x).toBe(2 ** -1074);
  });

  it('refuses what JSON cannot hold instead of writing null', () => {
    expect(() => canonicalJson({ w: [Infinity] })).toThrow(/Infinity is not a JSON number/);
    expect(() => canonicalJson({ w: NaN })).toThrow(/NaN is not a JSON number/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/a function is not JSON/);
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/cycle/);
  });
});

describe('contentChecksum', () => {
  it('changes with any value and not with key order, spacing or its own field', () => {
    const a = contentChecksum({ seen: 77700, weights: [1, 2] });
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentChecksum({ seen: 75700, weights: [1, 2] })).not.toBe(a);
    expect(contentChecksum({ weights: [1, 2], seen: 77700, checksum: 'anything' })).toBe(a);
    expect(contentChecksum(JSON.parse('{ "weights" : [ 1.0, 2e0 ], "seen": 7.77e4 }'))).toBe(a);
  });
});

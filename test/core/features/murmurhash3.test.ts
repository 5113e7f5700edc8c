import { describe, expect, it } from 'vitest';
import { murmurhash3, murmurhash3Bytes } from '../../../src/core/features/murmurhash3.js';
import fixture from '../../fixtures/murmurhash3.json' with { type: 'json' };

describe('murmurhash3', () => {
  it("matches scikit-learn's murmurhash3_32 on every fixture key and seed", () => {
    const wrong = fixture.cases.filter((c) => murmurhash3(c.key, c.seed) !== c.hash);
    expect(wrong).toEqual([]);
    expect(fixture.cases.length).toBeGreaterThan(1000);
  });

  it('hashes a string as its UTF-8 bytes', () => {
    const enc = new TextEncoder();
    for (const key of ['foo', '€uro', '😀 emoji', 'lone \ud800 surrogate']) {
      const b = enc.encode(key);
      expect(murmurhash3(key, 7)).toBe(murmurhash3Bytes(b, b.length, 7));
    }
  });

  it('runs the doc example', () => {
    expect(murmurhash3('foo')).toBe(4138058784);
  });
});

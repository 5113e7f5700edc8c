import { describe, expect, it } from 'vitest';
import { FeatureSpace } from '../../../src/core/features/feature-space.js';
import { murmurhash3 } from '../../../src/core/features/murmurhash3.js';
import type { SparseVector } from '../../../src/core/features/sparse-vector.js';

function entries(v: SparseVector): Array<[number, number]> {
  return Array.from({ length: v.nnz }, (_, j) => [v.indices[j]!, v.values[j]!]);
}

describe('FeatureSpace', () => {
  it('gives named numbers their own slots after the buckets and hashes categories', () => {
    const space = new FeatureSpace({ bits: 18 });
    const v = space.encode({ amount: 129.5, country: 'DE', vip: true, tags: ['new', 'mobile'], hour: 23 });
    const bucket = (token: string): number => murmurhash3(token) & (2 ** 18 - 1);
    expect(entries(v)).toEqual([
      [2 ** 18, 129.5],
      [bucket('country=DE'), 1],
      [bucket('vip=true'), 1],
      [bucket('tags=new'), 1],
      [bucket('tags=mobile'), 1],
      [2 ** 18 + 1, 23],
    ]);
    expect(space.numericNames()).toEqual(['amount', 'hour']);
    expect(space.dimension).toBe(2 ** 18 + 1024);
    // the doc example
    expect(space.encode({ amount: 129.5, country: 'DE', tags: ['new', 'mobile'] }).nnz).toBe(4);
  });

  it('keeps slots by name whatever the key order, and false apart from true', () => {
    const space = new FeatureSpace({ bits: 10 });
    space.encode({ a: 1, b: 2 });
    const v = space.encode({ b: 5, a: 7, flag: false });
    expect(entries(v).slice(0, 2)).toEqual([
      [1024 + 1, 5],
      [1024, 7],
    ]);
    expect(v.indices[2]).toBe(murmurhash3('flag=false') & 1023);
    expect(v.indices[2]).not.toBe(murmurhash3('flag=true') & 1023);
  });

  it('adds up a repeated token into one entry', () => {
    const space = new FeatureSpace({ bits: 12 });
    expect(entries(space.encode({ tags: ['x', 'y', 'x'] }))).toEqual([
      [murmurhash3('tags=x') & 4095, 2],
      [murmurhash3('tags=y') & 4095, 1],
    ]);
  });

  it('counts collisions: with 2 bits, 50 tokens share all 4 buckets', () => {
    const space = new FeatureSpace({ bits: 2 });
    for (let i = 0; i < 50; i++) {
      const v = space.encode({ id: `user-${i}` });
      expect(v.nnz).toBe(1);
    }
    const stats = space.hashStats();
    expect(stats.bucketsUsed).toBe(4);
    expect(stats.sharedBuckets).toBe(4);
    expect(stats.collisions).toBe(46);
  });

  it('counts no collision for a token seen again in its own bucket', () => {
    const space = new FeatureSpace({ bits: 18 });
    space.encode({ c: 'a' });
    space.encode({ c: 'a' });
    expect(space.hashStats()).toEqual({ bucketsUsed: 1, sharedBuckets: 0, collisions: 0 });
  });

  it('names the feature and the problem for bad values', () => {
    const space = new FeatureSpace({ bits: 4, maxNumeric: 1 });
    expect(() => space.encode({ amount: NaN })).toThrow(/feature "amount": a number must be finite/);
    expect(() => space.encode({ x: null } as never)).toThrow(/feature "x": expected .* got null/);
    expect(() => space.encode({ x: { y: 1 } } as never)).toThrow(/feature "x": .* got an object/);
    expect(() => space.encode({ tags: ['a', 3] } as never)).toThrow(/feature "tags"\[1\]: a list holds strings only, got number 3/);
    expect(() => space.encode([] as never)).toThrow(/features must be an object/);
    space.encode({ a: 1 });
    expect(() => space.encode({ b: 2 })).toThrow(/feature "b": more than maxNumeric = 1/);
    expect(() => new FeatureSpace({ bits: 0 })).toThrow(/bits/);
    expect(() => new FeatureSpace({ bits: 29 })).toThrow(/bits/);
  });

  it('restores named-number slots from a checkpoint', () => {
    const space = new FeatureSpace({ bits: 4 });
    space.restoreNumericNames(['b', 'a']);
    expect(entries(space.encode({ a: 1 }))).toEqual([[16 + 1, 1]]);
    expect(() => space.restoreNumericNames(['c'])).toThrow(/already/);
  });
});

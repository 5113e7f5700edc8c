import { describe, expect, it } from 'vitest';
import { SampleRing } from '../../src/stream/sample-ring.js';

describe('SampleRing', () => {
  it('keeps the last capacity samples, oldest first, as copies', () => {
    const ring = new SampleRing(3);
    expect(ring.toArray()).toEqual([]);
    for (let i = 0; i < 5; i++) ring.push({ x: [i], t: (i % 2) as 0 | 1 });
    expect(ring.toArray().map((s) => s.x[0])).toEqual([2, 3, 4]);
    (ring.toArray()[0]!.x as number[])[0] = 99;
    expect(ring.toArray()[0]!.x[0]).toBe(2);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
  });

  it('keeps nothing with capacity 0 and refuses a bad capacity', () => {
    const ring = new SampleRing(0);
    ring.push({ x: [1], t: 1 });
    expect(ring.toArray()).toEqual([]);
    expect(() => new SampleRing(-1)).toThrow(/capacity must be an integer ≥ 0, got -1/);
  });
});

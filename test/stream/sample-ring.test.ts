import { blockFromSamples } from '../../src/core/index.js';
import { describe, expect, it } from 'vitest';
import { SampleRing } from '../../src/stream/sample-ring.js';

describe('SampleRing', () => {
  it('keeps the last capacity samples, oldest first, as copies', () => {
    const ring = new SampleRing(3, 1);
    expect(ring.toArray()).toEqual([]);
    for (let i = 0; i < 5; i++) ring.push({ x: [i], t: (i % 2) as 0 | 1 });
    expect(ring.toArray().map((s) => s.x[0])).toEqual([2, 3, 4]);
    (ring.toArray()[0]!.x as number[])[0] = 99;
    expect(ring.toArray()[0]!.x[0]).toBe(2);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
  });

  it('keeps nothing with capacity 0 and refuses a bad capacity', () => {
    const ring = new SampleRing(0, 1);
    ring.push({ x: [1], t: 1 });
    expect(ring.toArray()).toEqual([]);
    expect(() => new SampleRing(-1, 1)).toThrow(/capacity must be an integer ≥ 0, got -1/);
  });

  it('keeps the tail of blocks, wrapping around, as copies, mixed with samples', () => {
    const ring = new SampleRing(4, 2);
    const block = blockFromSamples(Array.from({ length: 7 }, (_, i) => ({ x: [i, -i], t: (i % 2) as 0 | 1 })));
    ring.push({ x: [100, 100], t: 1 });
    ring.pushBlock(block, 0, 2);
    expect(ring.toArray()).toEqual([{ x: [100, 100], t: 1 }, { x: [0, -0], t: 0 }, { x: [1, -1], t: 1 }]);
    ring.pushBlock(block, 2, 5);
    expect(ring.toArray().map((s) => s.x[0])).toEqual([1, 2, 3, 4]);
    ring.pushBlock(block);
    block.x.fill(9);
    expect(ring.toArray()).toEqual([3, 4, 5, 6].map((i) => ({ x: [i, -i], t: i % 2 })));
    // After a block that filled the ring alone, samples and short blocks go on from its oldest slot.
    ring.push({ x: [7, -7], t: 1 });
    ring.pushBlock(blockFromSamples([{ x: [8, -8], t: 0 }, { x: [9, -9], t: 1 }]));
    expect(ring.toArray().map((s) => s.x[0])).toEqual([6, 7, 8, 9]);
    expect(() => new SampleRing(2, 1.5)).toThrow(/width must be an integer ≥ 0, got 1.5/);
  });
});

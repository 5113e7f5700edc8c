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

  it('keeps a held block as pushBlock would, copied at settle, on a read or before the next push', () => {
    const rows = (from: number, n: number) => blockFromSamples(Array.from({ length: n }, (_, i) => ({ x: [from + i, -(from + i)], t: ((from + i) % 2) as 0 | 1 })));
    const held = new SampleRing(4, 2);
    const pushed = new SampleRing(4, 2);
    // Every mix of held blocks, pushed blocks and samples ends as the same ring as pushing them all.
    const a = rows(0, 3);
    held.hold(a);
    pushed.pushBlock(a);
    expect(held.toArray()).toEqual(pushed.toArray()); // a read copies the held rows first
    const b = rows(3, 6);
    held.hold(b);
    held.hold(rows(9, 2)); // the block held before is copied first: the order is kept
    pushed.pushBlock(b);
    pushed.pushBlock(rows(9, 2));
    held.push({ x: [11, -11], t: 1 });
    pushed.push({ x: [11, -11], t: 1 });
    const c = rows(12, 1);
    held.hold(c);
    held.pushBlock(rows(13, 2));
    pushed.pushBlock(c);
    pushed.pushBlock(rows(13, 2));
    expect(held.toArray()).toEqual(pushed.toArray());
    expect(held.toArray().map((s) => s.x[0])).toEqual([11, 12, 13, 14]);
    // Settled, the rows are copies: the owner may reuse its block.
    const d = rows(20, 5);
    held.hold(d);
    held.settle();
    d.x.fill(0);
    d.t.fill(0);
    expect(held.toArray().map((s) => s.x[0])).toEqual([21, 22, 23, 24]);
    held.settle(); // nothing held: nothing changes
    expect(held.toArray().map((s) => s.x[0])).toEqual([21, 22, 23, 24]);
    // Cleared, a held block is dropped; an empty block or a ring of capacity 0 holds nothing.
    held.hold(rows(30, 2));
    held.clear();
    expect(held.toArray()).toEqual([]);
    held.hold(rows(0, 0));
    held.settle();
    expect(held.toArray()).toEqual([]);
    const none = new SampleRing(0, 2);
    none.hold(rows(0, 3));
    none.settle();
    expect(none.toArray()).toEqual([]);
  });
});

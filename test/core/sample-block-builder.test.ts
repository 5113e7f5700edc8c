import { describe, expect, it } from 'vitest';
import type { Label } from '../../src/core/index.js';
import { blockToSamples, sampleAt } from '../../src/core/sample-block.js';
import { SampleBlockBuilder } from '../../src/core/sample-block-builder.js';

describe('SampleBlockBuilder', () => {
  it('grows past its first capacity and keeps rows in order', () => {
    const b = new SampleBlockBuilder(16);
    for (let i = 0; i < 100; i++) b.add([i, -i], (i % 2) as Label, i + 1);
    const c = b.build();
    expect(c.length).toBe(100);
    expect(c.width).toBe(2);
    expect(c.x.length).toBe(200);
    expect(Array.from(c.x.subarray(198))).toEqual([99, -99]);
    expect(c.t[99]).toBe(1);
    expect(c.positions[99]).toBe(100);
  });

  it('appends blocks and reads rows back', () => {
    const a = new SampleBlockBuilder();
    a.add([1, 2], 0, 1);
    const b = new SampleBlockBuilder();
    b.add([3, 4], 1, 2);
    b.add([5, 6], 0, 3);
    const all = new SampleBlockBuilder(16);
    all.append(a.build());
    for (let i = 0; i < 10; i++) all.append(b.build());
    const c = all.build();
    expect(c.length).toBe(21);
    expect(blockToSamples(c).slice(0, 3)).toEqual([
      { x: [1, 2], t: 0 },
      { x: [3, 4], t: 1 },
      { x: [5, 6], t: 0 },
    ]);
    expect(sampleAt(c, 20)).toEqual({ x: [5, 6], t: 0 });
    expect(sampleAt(c, 19)).toEqual({ x: [3, 4], t: 1 });
    expect(Array.from(c.positions.subarray(0, 3))).toEqual([1, 2, 3]);
    const wide = new SampleBlockBuilder();
    wide.add([1, 2, 3], 0, 1);
    expect(() => all.append(wide.build())).toThrow('cannot append rows of 3 features to rows of 2');
  });

  it('gives samples that share no memory with the block', () => {
    const b = new SampleBlockBuilder();
    b.addFrom(Float64Array.of(7, 8, 9), 2, 1, 5);
    const c = b.build();
    const [s] = blockToSamples(c);
    expect(s).toEqual({ x: [7, 8], t: 1 });
    c.x[0] = 0;
    expect(s!.x[0]).toBe(7);
  });
});

import { describe, expect, it } from 'vitest';
import type { Label } from '../../src/core/index.js';
import { columnsToSamples, readRow, SampleColumnsBuilder } from '../../src/data/sample-columns.js';

describe('SampleColumnsBuilder', () => {
  it('grows past its first capacity and keeps rows in order', () => {
    const b = new SampleColumnsBuilder(16);
    for (let i = 0; i < 100; i++) b.add([i, -i], (i % 2) as Label, i + 1);
    const c = b.build();
    expect(c.count).toBe(100);
    expect(c.width).toBe(2);
    expect(c.x.length).toBe(200);
    expect(Array.from(c.x.subarray(198))).toEqual([99, -99]);
    expect(c.t[99]).toBe(1);
    expect(c.lines[99]).toBe(100);
  });

  it('appends blocks and reads rows back', () => {
    const a = new SampleColumnsBuilder();
    a.add([1, 2], 0, 1);
    const b = new SampleColumnsBuilder();
    b.add([3, 4], 1, 2);
    b.add([5, 6], 0, 3);
    const all = new SampleColumnsBuilder(16);
    all.append(a.build());
    for (let i = 0; i < 10; i++) all.append(b.build());
    const c = all.build();
    expect(c.count).toBe(21);
    expect(columnsToSamples(c).slice(0, 3)).toEqual([
      { x: [1, 2], t: 0 },
      { x: [3, 4], t: 1 },
      { x: [5, 6], t: 0 },
    ]);
    const view = { x: [0, 0], t: 0 as Label };
    expect(readRow(c, 20, view)).toEqual({ x: [5, 6], t: 0 });
    expect(readRow(c, 19, view)).toBe(view);
    expect(view).toEqual({ x: [3, 4], t: 1 });
    const wide = new SampleColumnsBuilder();
    wide.add([1, 2, 3], 0, 1);
    expect(() => all.append(wide.build())).toThrow('cannot append rows of 3 features to rows of 2');
  });

  it('gives samples that share no memory with the columns', () => {
    const b = new SampleColumnsBuilder();
    b.addFrom(Float64Array.of(7, 8, 9), 2, 1, 5);
    const c = b.build();
    const [s] = columnsToSamples(c);
    expect(s).toEqual({ x: [7, 8], t: 1 });
    c.x[0] = 0;
    expect(s!.x[0]).toBe(7);
  });
});

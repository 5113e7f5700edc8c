import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { BoundedSeries } = await loadPublic('bounded-series.js');

describe('BoundedSeries', () => {
  it('stores rows column by column, non-finite values as null', () => {
    const s = new BoundedSeries(['n', 'loss'], 10);
    s.push({ n: 1, loss: 0.5 });
    s.push({ n: 2, loss: Number.NaN });
    s.push({ n: 3 });
    expect(s.column('n')).toEqual([1, 2, 3]);
    expect(s.column('loss')).toEqual([0.5, null, null]);
    expect(s.last('n')).toBe(3);
  });

  it('never holds more than its limit, keeps the newest rows dense and the first row', () => {
    const s = new BoundedSeries(['n'], 100);
    for (let n = 0; n < 10_000; n++) s.push({ n });
    expect(s.length).toBeLessThanOrEqual(100);
    const n = s.column('n') as number[];
    expect(n[0]).toBe(0);
    expect(n[n.length - 1]).toBe(9999);
    // the newest quarter is untouched: consecutive
    const tail = n.slice(-25);
    tail.forEach((v, i) => expect(v).toBe(9975 + i));
    // still increasing throughout
    for (let i = 1; i < n.length; i++) expect(n[i]!).toBeGreaterThan(n[i - 1]!);
  });

  it('replaces the last row, clears, and names an unknown column', () => {
    const s = new BoundedSeries(['a'], 10);
    s.replaceLast({ a: 1 });
    s.replaceLast({ a: 2 });
    expect(s.column('a')).toEqual([2]);
    s.clear();
    expect(s.length).toBe(0);
    expect(s.last('a')).toBeNull();
    expect(() => s.column('b')).toThrow(/unknown column "b"/);
  });

  it('keeps the rows before a value of an increasing column', () => {
    const s = new BoundedSeries(['n', 'v'], 10);
    for (const n of [1, 2, 4, 8]) s.push({ n, v: -n });
    s.keepBefore('n', 4);
    expect(s.column('n')).toEqual([1, 2]);
    expect(s.column('v')).toEqual([-1, -2]);
    s.keepBefore('n', 100);
    expect(s.length).toBe(2);
    s.keepBefore('n', 0);
    expect(s.length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { coverPath } = await loadPublic('path-domain.js');

describe('coverPath', () => {
  it('keeps the grid’s range when the path is well inside', () => {
    expect(coverPath([[-4, 4], [-4, 4]], [0, 1, 2], [0, -1, 1])).toEqual([[-4, 4], [-4, 4]]);
  });

  it('widens only the sides the path runs off, with a margin', () => {
    const [[x0, x1], [y0, y1]] = coverPath([[-1, 1], [-1, 1]], [0, 3], [0, -5]);
    expect(x0).toBe(-1);
    expect(x1).toBeGreaterThan(3);
    expect(y0).toBeLessThan(-5);
    expect(y1).toBe(1);
    // the margin is a share of the span: the path's ends are not on the edge
    expect(x1 - 3).toBeGreaterThanOrEqual(0.25);
    expect(-5 - y0).toBeGreaterThanOrEqual(0.25);
  });

  it('grows as the path grows', () => {
    const grid: [[number, number], [number, number]] = [[-1, 1], [-1, 1]];
    const a = coverPath(grid, [0, 2], [0, 0]);
    const b = coverPath(grid, [0, 2, 6], [0, 0, 0]);
    expect(b[0][1]).toBeGreaterThan(a[0][1]);
    expect(b[0][1]).toBeGreaterThan(6);
  });

  it('frames the path alone without a grid, skips null and non-finite points, and has a default', () => {
    expect(coverPath(null, [1, null, 2], [1, 5, 2])).toEqual([[0, 3], [0, 3]]);
    expect(coverPath(null, [], [])).toEqual([[-5, 5], [-5, 5]]);
    expect(coverPath([[0, 1], [0, 1]], [Number.NaN], [1])).toEqual([[0, 1], [0, 1]]);
  });
});

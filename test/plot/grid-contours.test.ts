import { describe, expect, it } from 'vitest';
import { checkGrid, contourRegions, regionPath, type GridData } from '../../src/plot/grid-contours.js';
import { figureContext } from '../../src/plot/svg-figure.js';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

function grid(xs: number[], ys: number[], f: (x: number, y: number) => number): GridData {
  const values: number[] = [];
  for (const y of ys) for (const x of xs) values.push(f(x, y));
  return { xs, ys, values };
}

function allPoints(region: ReturnType<typeof contourRegions>[number]) {
  return region.polygons.flat(2);
}

describe('contourRegions', () => {
  it('maps a ramp in x to the data rectangle right of the threshold (doc example)', () => {
    const [r] = contourRegions({ xs: [0, 1, 2], ys: [0, 1], values: [0, 1, 2, 0, 1, 2] }, [1]);
    const pts = allPoints(r!);
    expect(Math.min(...pts.map((p) => p[0]))).toBeCloseTo(1, 12);
    expect(Math.max(...pts.map((p) => p[0]))).toBeCloseTo(2, 12);
    expect(Math.min(...pts.map((p) => p[1]))).toBeCloseTo(0, 12);
    expect(Math.max(...pts.map((p) => p[1]))).toBeCloseTo(1, 12);
  });

  it('puts the level crossing at the linearly interpolated data coordinate', () => {
    const g = grid(linspace(10, 20, 11), linspace(-1, 1, 5), (x) => x);
    const [r] = contourRegions(g, [14.25]);
    const xs = allPoints(r!).map((p) => p[0]);
    expect(Math.min(...xs)).toBeCloseTo(14.25, 9);
    expect(Math.max(...xs)).toBeCloseTo(20, 12);
  });

  it('keeps a ramp in y in y (not transposed) and inside the grid extent', () => {
    const g = grid(linspace(-5, 5, 21), linspace(-2, 6, 17), (_x, y) => y);
    const [r] = contourRegions(g, [3]);
    const pts = allPoints(r!);
    expect(Math.min(...pts.map((p) => p[1]))).toBeCloseTo(3, 9);
    expect(Math.max(...pts.map((p) => p[1]))).toBeCloseTo(6, 12);
    expect(Math.min(...pts.map((p) => p[0]))).toBeCloseTo(-5, 12);
    expect(Math.max(...pts.map((p) => p[0]))).toBeCloseTo(5, 12);
  });

  it('traces a circle of the right radius on a paraboloid, with data-space centre', () => {
    const g = grid(linspace(-3, 5, 81), linspace(-4, 4, 81), (x, y) => (x - 1) ** 2 + y ** 2);
    // Region at or above 4 is everything outside the radius-2 circle: a rectangle with a hole.
    const [r] = contourRegions(g, [4]);
    expect(r!.polygons).toHaveLength(1);
    expect(r!.polygons[0]).toHaveLength(2);
    for (const [x, y] of r!.polygons[0]![1]!) expect(Math.hypot(x - 1, y)).toBeCloseTo(2, 1);
  });

  it('maps uneven grids piecewise linearly', () => {
    const [r] = contourRegions({ xs: [0, 1, 10], ys: [0, 1], values: [0, 1, 2, 0, 1, 2] }, [1.5]);
    expect(Math.min(...allPoints(r!).map((p) => p[0]))).toBeCloseTo(5.5, 12);
  });

  it('treats NaN values as holes and stays finite', () => {
    const g = grid(linspace(0, 4, 5), linspace(0, 4, 5), (x, y) => (x === 2 && y === 2 ? NaN : 1));
    const [r] = contourRegions(g, [0.5]);
    for (const [x, y] of allPoints(r!)) {
      expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    }
    expect(r!.polygons[0]!.length).toBe(2);
  });

  it('returns an empty region for a threshold above every value', () => {
    const [r] = contourRegions({ xs: [0, 1], ys: [0, 1], values: [0, 0, 0, 0] }, [1]);
    expect(r!.polygons).toEqual([]);
  });
});

describe('checkGrid', () => {
  it('accepts the doc example', () => {
    expect(() => checkGrid({ xs: [0, 1], ys: [0, 1], values: [1, 2, 3, 4] })).not.toThrow();
  });
  it('names the bad axis, index and size', () => {
    expect(() => checkGrid({ xs: [0], ys: [0, 1], values: [0, 0] })).toThrow(/xs needs at least 2/);
    expect(() => checkGrid({ xs: [0, 1, 1], ys: [0, 1], values: new Array(6).fill(0) })).toThrow(/xs\[2\] = 1 ≤ xs\[1\] = 1/);
    expect(() => checkGrid({ xs: [0, 1], ys: [0, NaN], values: [0, 0, 0, 0] })).toThrow(/ys\[1\] is not a finite number/);
    expect(() => checkGrid({ xs: [0, 1], ys: [0, 1], values: [0, 0, 0] })).toThrow(/3 values, expected .* = 4/);
  });
  it('rejects a non-finite threshold', () => {
    expect(() => contourRegions({ xs: [0, 1], ys: [0, 1], values: [0, 0, 0, 0] }, [0, NaN])).toThrow(/threshold 1/);
  });
});

describe('regionPath', () => {
  it('draws larger y values higher up (smaller pixel y)', () => {
    const g = grid(linspace(-5, 5, 11), linspace(-5, 5, 11), (_x, y) => y);
    const [r] = contourRegions(g, [0]);
    const ctx = figureContext({ xDomain: [-5, 5], yDomain: [-5, 5], layers: [] });
    const d = regionPath(r!, ctx);
    const ys = [...d.matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...ys)).toBeCloseTo(ctx.y(0), 1);
    expect(Math.min(...ys)).toBeCloseTo(ctx.y(5), 1);
    expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+Z$/);
  });
  it('is empty for an empty region', () => {
    const ctx = figureContext({ xDomain: [0, 1], yDomain: [0, 1], layers: [] });
    expect(regionPath({ value: 1, polygons: [] }, ctx)).toBe('');
  });
});

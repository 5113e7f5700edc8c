import { describe, expect, it } from 'vitest';
import { decisionPlane, TUTORIAL_REGION_FILLS } from '../../src/plot/decision-plane.js';
import { figureContext } from '../../src/plot/svg-figure.js';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const sigma = (z: number) => 1 / (1 + Math.exp(-z));

function plane(w1: number, w2: number, n = 60) {
  const xs = linspace(-4, 4, n);
  const ys = linspace(-4, 4, n);
  return { xs, ys, values: ys.flatMap((y) => xs.map((x) => sigma(w1 * x + w2 * y))) };
}

const ctx = figureContext({ xDomain: [-4, 4], yDomain: [-4, 4], layers: [] });

function regionPoints(svg: string, cls: number): [number, number][] {
  const d = new RegExp(`class="class-${cls}" d="([^"]+)"`).exec(svg)![1]!;
  return [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [ctx.x.invert(Number(m[1])), ctx.y.invert(Number(m[2]))]);
}

describe('decisionPlane', () => {
  it('draws class 0 red and class 1 blue at opacity 0.3 by default', () => {
    const svg = decisionPlane(plane(1, 0)).render(ctx);
    expect(svg).toMatch(/class="class-0" d="[^"]+" fill="#ff0000" fill-opacity="0.3"/);
    expect(svg).toMatch(/class="class-1" d="[^"]+" fill="#0000ff" fill-opacity="0.3"/);
    expect(TUTORIAL_REGION_FILLS).toEqual([{ color: '#ff0000', opacity: 0.3 }, { color: '#0000ff', opacity: 0.3 }]);
  });

  it('splits the plane along the straight line x·w = 0 through the origin', () => {
    const svg = decisionPlane(plane(1.83, 0.81)).render(ctx);
    // Every vertex of class 1 satisfies x·w ≥ 0 and of class 0 x·w ≤ 0 (to drawing precision).
    const tol = 0.02;
    for (const [x, y] of regionPoints(svg, 1)) expect(1.83 * x + 0.81 * y).toBeGreaterThan(-tol);
    for (const [x, y] of regionPoints(svg, 0)) expect(1.83 * x + 0.81 * y).toBeLessThan(tol);
    // The boundary vertices lie on the line, not on a staircase.
    const boundary = regionPoints(svg, 1).filter(([x, y]) => Math.abs(x) < 3.99 && Math.abs(y) < 3.99);
    expect(boundary.length).toBeGreaterThan(10);
    for (const [x, y] of boundary) expect(Math.abs(1.83 * x + 0.81 * y)).toBeLessThan(tol);
  });

  it('draws only one region when the whole grid is one class', () => {
    const svg = decisionPlane(plane(0, 0)).render(ctx); // σ(0) = 0.5, not above the threshold
    expect(svg).toContain('class-0');
    expect(svg).not.toContain('class-1');
  });

  it('accepts 0/1 classes, a custom threshold and fills', () => {
    const classes = { xs: [0, 1, 2], ys: [0, 1], values: [0, 1, 1, 0, 1, 1] };
    const svg = decisionPlane(classes, { threshold: 0.5, fills: [{ color: 'green', opacity: 1 }, { color: 'gold', opacity: 0.5 }] }).render(
      figureContext({ xDomain: [0, 2], yDomain: [0, 1], layers: [] }),
    );
    expect(svg).toContain('fill="green" fill-opacity="1"');
    expect(svg).toContain('fill="gold" fill-opacity="0.5"');
  });

  it('rejects bad options and grids', () => {
    expect(() => decisionPlane(plane(1, 0), { threshold: NaN })).toThrow(/threshold/);
    expect(() => decisionPlane(plane(1, 0), { fills: [{ color: 'red', opacity: 2 }, { color: 'blue', opacity: 0.3 }] })).toThrow(/fill 0 opacity/);
    expect(() => decisionPlane({ xs: [0, 1], ys: [0, 1], values: [0] })).toThrow(/1 values/);
  });
});

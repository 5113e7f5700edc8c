import { describe, expect, it } from 'vitest';
import { classesFigure, decisionBoundaryFigure, descentFigure, lossSurfaceFigure } from '../../src/plot/tutorial-figures.js';
import { svgProblems } from './svg-check.js';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const data = { X: [[-1, 0.5], [-2, -1], [1, 0.2], [2, 1.5]], t: [0, 0, 1, 1] as (0 | 1)[] };
const w = linspace(-5, 5, 30);
const surface = { w1: w, w2: w, loss: w.flatMap((b) => w.map((a) => 0.3 + 0.1 * (a - 2) ** 2 + 0.05 * (b - 1) ** 2)) };
const x = linspace(-4, 4, 50);
const plane = { x1: x, x2: x, proba: x.flatMap((b) => x.map((a) => 1 / (1 + Math.exp(-(1.8 * a + 0.8 * b))))) };
const path = [[-4, -2], [-2, -1.2], [-0.2, -0.5], [0.9, 0.1], [1.2, 0.3]] as const;

describe('tutorial figures', () => {
  it('figure 1: classes with the tutorial title, labels and legend', () => {
    const svg = classesFigure(data);
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('>red star vs. blue circle classes in the input space</text>');
    expect(svg).toContain('>class: red star</text>');
    expect(svg.match(/<polygon/g)).toHaveLength(3);
  });

  it('figure 2: filled contours with a ξ colour bar', () => {
    const svg = lossSurfaceFigure(surface);
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('>Loss function surface</text>');
    expect(svg).toContain('class="filled-contours"');
    expect(svg).toContain('class="color-bar"');
    expect(svg).toMatch(/rotate\(-90[^)]*\)">ξ<\/text>/);
  });

  it('figure 3: the first three steps, points joined and labelled w(0)…w(3)', () => {
    const svg = descentFigure(surface, path);
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('>Gradient descent updates on loss surface</text>');
    for (const k of [0, 1, 2, 3]) expect(svg).toContain(`>w(${k})</text>`);
    expect(svg).not.toContain('>w(4)</text>');
    expect(svg.match(/<circle[^>]*fill="#000000"/g)).toHaveLength(4);
    expect(svg).toContain('class="filled-contours" opacity="0.9"');
    expect(() => descentFigure(surface, path.slice(0, 3))).toThrow(/needs 4 weights w\(0\)…w\(3\), got 3/);
  });

  it('figure 4: red and blue regions, samples, legend', () => {
    const svg = decisionBoundaryFigure(plane, data);
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('>red star vs. blue circle classification boundary</text>');
    expect(svg).toContain('class="class-0"');
    expect(svg).toContain('class="class-1"');
    expect(svg).toContain('>target blue circle</text>');
  });

  it('rejects mismatched or malformed data, naming the row', () => {
    expect(() => classesFigure({ X: data.X, t: [0, 1] })).toThrow(/4 rows but t has 2/);
    expect(() => classesFigure({ X: [[1]], t: [0] })).toThrow(/X\[0\] has 1 inputs/);
    expect(() => classesFigure({ X: [[1, 2]], t: [2 as 0] })).toThrow(/t\[0\] must be 0 or 1/);
    expect(() => classesFigure({ X: [[1, NaN]], t: [0] })).toThrow(/point 0 is not two finite numbers/);
  });
});

import { interpolateViridis } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import { filledContours } from '../../src/plot/filled-contours.js';
import { figureContext, renderFigure } from '../../src/plot/svg-figure.js';
import { svgProblems } from './svg-check.js';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
const xs = linspace(-5, 5, 41);
const ys = linspace(-5, 5, 41);
const bowl = { xs, ys, values: ys.flatMap((y) => xs.map((x) => x * x + 0.5 * y * y)) };

describe('filledContours', () => {
  it('chooses matplotlib levels and colours bands with viridis at their midpoints', () => {
    const c = filledContours(bowl);
    expect(c.levels).toEqual(Array.from({ length: 20 }, (_, i) => i * 2)); // 0 … 38 covers 0 … 37.5
    expect(c.bandColors).toHaveLength(c.levels.length - 1);
    expect(c.bandColors[0]).toBe(interpolateViridis(1 / 38));
    expect(c.bandColors[18]).toBe(interpolateViridis(37 / 38));
  });

  it('paints one path per band, lowest first', () => {
    const c = filledContours(bowl, { levels: [0, 10, 20, 40] });
    const ctx = figureContext({ xDomain: [-5, 5], yDomain: [-5, 5], layers: [] });
    const svg = c.render(ctx);
    const fills = [...svg.matchAll(/fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills).toEqual([...c.bandColors]);
    expect(svg).not.toContain('opacity');
  });

  it('puts the high values where the data has them: w2 vertical, up is up', () => {
    // Values grow with y only: the top band must be drawn in the upper part of the plot.
    const ramp = { xs, ys, values: ys.flatMap((y) => xs.map(() => y)) };
    const c = filledContours(ramp, { levels: [-5, 0, 5] });
    const ctx = figureContext({ xDomain: [-5, 5], yDomain: [-5, 5], layers: [] });
    const paths = [...c.render(ctx).matchAll(/ d="([^"]+)"/g)].map((m) => m[1]!);
    const topBandYs = [...paths[1]!.matchAll(/,(-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...topBandYs)).toBeCloseTo(ctx.y(0), 1);
    expect(Math.min(...topBandYs)).toBeCloseTo(ctx.y(5), 1);
  });

  it('applies the opacity to the group and to the colour bar', () => {
    const c = filledContours(bowl, { opacity: 0.9 });
    const ctx = figureContext({ xDomain: [-5, 5], yDomain: [-5, 5], layers: [] });
    expect(c.render(ctx)).toMatch(/^<g class="filled-contours" opacity="0.9">/);
    expect(c.colorBar('ξ')).toMatchObject({ opacity: 0.9, label: 'ξ', levels: c.levels });
  });

  it('renders a well-formed figure without NaN even with NaN holes in the grid', () => {
    const holes = { xs, ys, values: bowl.values.map((v, i) => (i % 97 === 0 ? NaN : v)) };
    const c = filledContours(holes, { colormap: (t) => `hsl(${Math.round(t * 300)}, 50%, 50%)` });
    const svg = renderFigure({ xDomain: [-5, 5], yDomain: [-5, 5], layers: [c], colorBar: c.colorBar('loss') });
    expect(svgProblems(svg)).toEqual([]);
  });

  it('rejects bad levels and opacity with clear messages', () => {
    expect(() => filledContours(bowl, { levels: [1] })).toThrow(/at least 2 levels/);
    expect(() => filledContours(bowl, { levels: [0, 2, 2] })).toThrow(/level 2 = 2 ≤ level 1 = 2/);
    expect(() => filledContours(bowl, { levels: [0, NaN] })).toThrow(/level 1 is not a finite number/);
    expect(() => filledContours(bowl, { opacity: 1.5 })).toThrow(/opacity/);
    expect(() => filledContours({ xs, ys, values: [1, 2] })).toThrow(/2 values, expected/);
    expect(() => filledContours({ xs: [0, 1], ys: [0, 1], values: [NaN, NaN, NaN, NaN] })).toThrow(/no finite value/);
  });
});

import { describe, expect, it } from 'vitest';
import { filledContours } from '../../src/plot/filled-contours.js';
import { scatterLayer } from '../../src/plot/layers.js';
import { BLUE_CIRCLE, RED_STAR } from '../../src/plot/markers.js';
import { figureContext, renderFigure, type FigureSpec } from '../../src/plot/svg-figure.js';
import { svgProblems } from './svg-check.js';

const red = [[-1, 0.5], [-2, -1]] as const;
const blue = [[1, 0.2], [2, 1.5]] as const;
const spec: FigureSpec = {
  title: 'classes',
  xLabel: 'x_1',
  yLabel: 'x_2',
  xDomain: [-3, 4],
  yDomain: [-4, 4],
  layers: [scatterLayer(red, RED_STAR), scatterLayer(blue, BLUE_CIRCLE)],
  legend: { entries: [{ label: 'class: red star', marker: RED_STAR }, { label: 'class: blue circle', marker: BLUE_CIRCLE }] },
};

describe('figureContext', () => {
  it('maps the domain onto the plot area with up being up (doc example)', () => {
    const ctx = figureContext({ xDomain: [-3, 4], yDomain: [-4, 4], layers: [] });
    expect(ctx.y(4)).toBeLessThan(ctx.y(-4));
    expect(ctx.x(-3)).toBe(ctx.area.left);
    expect(ctx.x(4)).toBe(ctx.area.left + ctx.area.width);
    expect(ctx.y(4)).toBe(ctx.area.top);
  });
  it('leaves room for a colour bar', () => {
    const plain = figureContext(spec);
    const c = filledContours({ xs: [0, 1], ys: [0, 1], values: [0, 1, 1, 2] });
    const withBar = figureContext({ ...spec, colorBar: c.colorBar() });
    expect(withBar.area.width).toBeLessThan(plain.area.width - 50);
  });
  it('rejects a figure too small for its margins and a bad domain', () => {
    expect(() => figureContext({ ...spec, width: 100 })).toThrow(/plot area of .* px; need at least 40×40/);
    expect(() => figureContext({ ...spec, xDomain: [1, 1] })).toThrow(/domain is empty/);
  });
});

describe('renderFigure', () => {
  const svg = renderFigure(spec);

  it('is a well-formed, standalone SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="440" viewBox="0 0 640 440"')).toBe(true);
    expect(svgProblems(svg)).toEqual([]);
  });

  it('shows title, axis labels with subscripts, ticks with minus signs, legend and markers', () => {
    expect(svg).toContain('<title>classes</title>');
    expect(svg).toContain('>classes</text>');
    expect(svg).toContain('x<tspan dy="3.9" font-size="9.1">1</tspan>');
    expect(svg).toContain('x<tspan dy="3.9" font-size="9.1">2</tspan>');
    expect(svg).toContain('>−3</text>');
    expect(svg).toContain('>4</text>');
    expect(svg).toContain('>class: blue circle</text>');
    expect(svg.match(/<polygon/g)).toHaveLength(3); // 2 stars + legend
    expect(svg.match(/<circle/g)).toHaveLength(3); // 2 circles + legend
  });

  it('clips the layers to the plot area', () => {
    expect(svg).toMatch(/<clipPath id="fig-plot-area"><rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"\/><\/clipPath>/);
    expect(svg).toContain('<g class="layers" clip-path="url(#fig-plot-area)">');
    expect(renderFigure({ ...spec, idPrefix: 'a"b' })).toContain('id="a&quot;b-plot-area"');
  });

  it('is deterministic', () => {
    expect(renderFigure(spec)).toBe(svg);
  });

  it('escapes hostile text everywhere', () => {
    const evil = renderFigure({
      ...spec,
      title: '</svg><script>&',
      xLabel: '"<x>"',
      legend: { entries: [{ label: "<b>'&'</b>", marker: RED_STAR }] },
    });
    expect(svgProblems(evil)).toEqual([]);
    expect(evil).not.toContain('<script>');
  });

  it('honours explicit ticks, no grid and a background colour', () => {
    const custom = renderFigure({ ...spec, xTicks: [0, 2.5], yTicks: [], grid: false, background: '#ffffff' });
    const tickLabels = [...custom.matchAll(/<g class="ticks">(.*?)<\/g>/g)][0]![1]!;
    expect([...tickLabels.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(['0', '2.5']);
    expect(custom).not.toContain('class="grid"');
  });

  it('throws instead of drawing NaN for data that maps to NaN', () => {
    const bad = { render: () => '', points: [] };
    expect(() => renderFigure({ ...spec, layers: [bad], xDomain: [0, Infinity] })).toThrow(/finite/);
  });
});

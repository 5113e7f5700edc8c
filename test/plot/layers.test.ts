import { describe, expect, it } from 'vitest';
import { lineLayer, scatterLayer, textLayer } from '../../src/plot/layers.js';
import { RED_STAR, BLUE_CIRCLE } from '../../src/plot/markers.js';
import { figureContext } from '../../src/plot/svg-figure.js';
import { attributeNumbers } from './svg-check.js';

const ctx = figureContext({ xDomain: [-3, 4], yDomain: [-4, 4], layers: [] });

describe('scatterLayer', () => {
  it('draws one marker per point at its pixel position and exposes the points', () => {
    const layer = scatterLayer([[0, 1], [2, -1]], BLUE_CIRCLE);
    const svg = layer.render(ctx);
    expect(attributeNumbers(svg, 'cx')).toEqual([ctx.x(0), ctx.x(2)].map((v) => Number(v.toFixed(2))));
    expect(attributeNumbers(svg, 'cy')).toEqual([ctx.y(1), ctx.y(-1)].map((v) => Number(v.toFixed(2))));
    expect(layer.points).toEqual([[0, 1], [2, -1]]);
    expect(scatterLayer([[0, 1]], RED_STAR).render(ctx)).toContain('<polygon');
  });
  it('rejects a non-finite point, giving its index', () => {
    expect(() => scatterLayer([[0, 1], [NaN, 2]], RED_STAR)).toThrow(/point 1 is not two finite numbers/);
  });
});

describe('lineLayer', () => {
  it('joins the points in order in one path (doc example)', () => {
    const svg = lineLayer([[-4, -2], [-2, -1.25]], { stroke: 'black' }).render(ctx);
    const x = (v: number) => Number(ctx.x(v).toFixed(2));
    const y = (v: number) => Number(ctx.y(v).toFixed(2));
    expect(svg).toBe(`<path d="M${x(-4)},${y(-2)}L${x(-2)},${y(-1.25)}" fill="none" stroke="black" stroke-width="1.5" stroke-linejoin="round"/>`);
  });
  it('needs two finite points', () => {
    expect(() => lineLayer([[0, 0]])).toThrow(/at least 2 points, got 1/);
    expect(() => lineLayer([[0, 0], [1, Infinity]])).toThrow(/point 1/);
  });
});

describe('textLayer', () => {
  it('places left-aligned, escaped text with subscripts at data coordinates', () => {
    const svg = textLayer([{ at: [-4.2, -1.6], text: 'w(0) & w_1' }]).render(ctx);
    expect(attributeNumbers(svg, 'x')).toEqual([Number(ctx.x(-4.2).toFixed(2))]);
    expect(svg).toContain('text-anchor="start"');
    expect(svg).toContain('w(0) &amp; w<tspan');
  });
  it('rejects a non-finite anchor', () => {
    expect(() => textLayer([{ at: [0, NaN], text: 'x' }])).toThrow(/text layer: point 0/);
  });
});

import { describe, expect, it } from 'vitest';
import { legendBox, renderLegend } from '../../src/plot/legend.js';
import { BLUE_CIRCLE, RED_STAR } from '../../src/plot/markers.js';
import { figureContext } from '../../src/plot/svg-figure.js';

const ctx = figureContext({ xDomain: [0, 10], yDomain: [0, 10], layers: [] });
const entries = [
  { label: 'class: red star', marker: RED_STAR },
  { label: 'class: blue circle', marker: BLUE_CIRCLE },
];

describe('legendBox', () => {
  it('defaults to the upper left corner, inside the plot area', () => {
    const box = legendBox({ entries }, ctx, []);
    expect(box.left).toBeGreaterThan(ctx.area.left);
    expect(box.top).toBeGreaterThan(ctx.area.top);
    expect(box.left - ctx.area.left).toBeLessThan(20);
    expect(box.top - ctx.area.top).toBeLessThan(20);
  });

  it("'best' avoids the corners holding points, preferring matplotlib's order", () => {
    const corners = { 'upper right': [9.5, 9.5], 'upper left': [0.5, 9.5], 'lower left': [0.5, 0.5] } as const;
    const box = legendBox({ entries, position: 'best' }, ctx, Object.values(corners));
    // Upper right, upper left and lower left are taken: lower right is next.
    expect(box.left + box.width).toBeGreaterThan(ctx.area.left + ctx.area.width - 20);
    expect(box.top + box.height).toBeGreaterThan(ctx.area.top + ctx.area.height - 20);
    expect(legendBox({ entries, position: 'best' }, ctx, []).left).toBeGreaterThan(ctx.area.left + ctx.area.width / 2);
  });

  it('grows with the longest label', () => {
    const short = legendBox({ entries: [{ label: 'a', marker: RED_STAR }] }, ctx, []);
    const long = legendBox({ entries }, ctx, []);
    expect(long.width).toBeGreaterThan(short.width);
    expect(long.height).toBeGreaterThan(short.height);
  });
});

describe('renderLegend', () => {
  it('draws one marker and escaped label per entry (doc example)', () => {
    const svg = renderLegend({ entries: [...entries, { label: 'a < b', marker: RED_STAR }] }, ctx, []);
    expect(svg.match(/<polygon/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(1);
    expect(svg).toContain('>class: red star</text>');
    expect(svg).toContain('>a &lt; b</text>');
  });
  it('draws nothing without entries', () => {
    expect(renderLegend({ entries: [] }, ctx, [])).toBe('');
  });
});

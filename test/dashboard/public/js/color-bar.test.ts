import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { contourBands } = await loadPublic('color-bar.js');
const { viridis } = await loadPublic('viridis.js');

describe('contourBands', () => {
  it('paints each region ≥ tᵢ with the colour of its band’s midpoint, as contourf', () => {
    const s = contourBands([1, 2], 0, 4);
    expect(s.bands).toEqual([
      { from: 0, to: 1, color: viridis(0.5 / 4) },
      { from: 1, to: 2, color: viridis(1.5 / 4) },
      { from: 2, to: 4, color: viridis(3 / 4) },
    ]);
    expect(s.baseColor).toBe(viridis(0.5 / 4));
    expect(s.contourColors).toEqual([viridis(1.5 / 4), viridis(3 / 4)]);
  });

  it('clamps thresholds outside the data and drops empty bands', () => {
    // d3-contour may keep a first threshold below the minimum
    const s = contourBands([-1, 1], 0, 2);
    expect(s.bands.map((b: { from: number; to: number }) => [b.from, b.to])).toEqual([[0, 1], [1, 2]]);
    expect(s.contourColors[0]).toBe(viridis(0.25));
  });

  it('copes with a flat grid and no thresholds', () => {
    expect(contourBands([], 3, 3).bands).toEqual([]);
    expect(contourBands([], 0, 1).bands).toEqual([{ from: 0, to: 1, color: viridis(0.5) }]);
  });
});

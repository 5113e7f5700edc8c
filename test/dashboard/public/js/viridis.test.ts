import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { viridis } = await loadPublic('viridis.js');

const rgb = (css: string) => css.match(/\d+/g)!.map(Number);

describe('viridis', () => {
  it('runs from dark purple to yellow', () => {
    expect(viridis(0)).toBe('rgb(68,1,84)');
    expect(viridis(1)).toBe('rgb(253,231,37)');
    expect(viridis(0.5)).toBe('rgb(33,145,140)');
  });

  it('interpolates between stops and gets lighter along the way', () => {
    const [r0, g0, b0] = rgb(viridis(0));
    const [r1, g1, b1] = rgb(viridis(1 / 32));
    const [r2, g2, b2] = rgb(viridis(1 / 16));
    expect(r1).toBe(Math.round((r0! + r2!) / 2));
    expect(g1).toBe(Math.round((g0! + g2!) / 2) );
    expect(b1).toBe(Math.round((b0! + b2!) / 2));
    const luminance = (c: string) => rgb(c).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    for (let t = 0.05; t <= 1; t += 0.05) expect(luminance(viridis(t))).toBeGreaterThan(luminance(viridis(t - 0.05)));
  });

  it('clamps out-of-range and NaN', () => {
    expect(viridis(-3)).toBe(viridis(0));
    expect(viridis(7)).toBe(viridis(1));
    expect(viridis(Number.NaN)).toBe(viridis(0));
  });
});

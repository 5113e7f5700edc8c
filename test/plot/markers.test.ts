import { describe, expect, it } from 'vitest';
import { BLACK_DOT, BLUE_CIRCLE, RED_STAR, markerSvg } from '../../src/plot/markers.js';

describe('markerSvg', () => {
  it('draws a blue circle centred on the point (doc example)', () => {
    expect(markerSvg(BLUE_CIRCLE, 10, 20)).toBe('<circle cx="10" cy="20" r="4" fill="#0000ff" stroke="#0000ff" stroke-width="0.8"/>');
  });
  it('draws a red star with 10 vertices, its top tip straight above the centre', () => {
    const svg = markerSvg(RED_STAR, 100, 50);
    const pts = /points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    expect(pts).toHaveLength(10);
    expect(pts[0]).toEqual([100, 50 - RED_STAR.size / 2]);
    const radii = pts.map(([x, y]) => Math.hypot(x - 100, y - 50));
    expect(Math.max(...radii)).toBeCloseTo(RED_STAR.size / 2, 1);
    expect(Math.min(...radii)).toBeCloseTo((RED_STAR.size / 2) * 0.381966, 1);
    expect(svg).toContain('fill="#ff0000"');
  });
  it('uses the stroke colour when given, black for the ko dot', () => {
    expect(markerSvg({ ...BLUE_CIRCLE, stroke: '#123456' }, 0, 0)).toContain('stroke="#123456"');
    expect(markerSvg(BLACK_DOT, 0, 0)).toContain('fill="#000000"');
  });
  it('rejects a non-finite position and a bad size', () => {
    expect(() => markerSvg(BLUE_CIRCLE, NaN, 0)).toThrow(/cx is not a finite number/);
    expect(() => markerSvg(RED_STAR, 0, Infinity)).toThrow(/marker y is not a finite number/);
    expect(() => markerSvg({ ...RED_STAR, size: 0 }, 0, 0)).toThrow(/marker size/);
  });
});

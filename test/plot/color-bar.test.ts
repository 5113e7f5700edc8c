import { describe, expect, it } from 'vitest';
import { renderColorBar } from '../../src/plot/color-bar.js';
import { attributeNumbers } from './svg-check.js';

const box = { left: 560, top: 40, width: 16, height: 300 };

describe('renderColorBar', () => {
  it('stacks the bands from the lowest level at the bottom (doc example)', () => {
    const svg = renderColorBar({ levels: [0, 1, 2], colors: ['#440154', '#fde725'], label: 'ξ' }, box);
    const rects = [...svg.matchAll(/<rect x="560" y="([\d.]+)" width="16" height="([\d.]+)" fill="(#\w+)"/g)];
    expect(rects.map((r) => r[3])).toEqual(['#440154', '#fde725']);
    // Low band below the high band, together covering the whole box.
    expect(Number(rects[0]![1])).toBe(190);
    expect(Number(rects[1]![1])).toBe(40);
    expect(Number(rects[0]![1]) + Number(rects[0]![2])).toBe(340);
    expect(svg).toContain('>ξ</text>');
    expect(svg).toContain('rotate(-90');
  });

  it('puts tick labels at their level heights, with true minus signs', () => {
    const svg = renderColorBar({ levels: [-1, 0, 1], colors: ['#000', '#fff'], ticks: [-1, 0, 1] }, box);
    expect([...svg.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(['−1', '0', '1']);
    const tickY = attributeNumbers(svg, 'y1');
    expect(tickY).toEqual([340, 190, 40]);
  });

  it('chooses nice ticks inside the range by default', () => {
    const svg = renderColorBar({ levels: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7], colors: new Array(14).fill('#123456') }, box);
    const labels = [...svg.matchAll(/>([^<]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(labels).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('dims the bands with the opacity, not the frame', () => {
    const svg = renderColorBar({ levels: [0, 1], colors: ['#000'], opacity: 0.9 }, box);
    expect(svg).toContain('<g opacity="0.9"><rect');
  });

  it('rejects mismatched colours and bad levels', () => {
    expect(() => renderColorBar({ levels: [0, 1, 2], colors: ['#000'] }, box)).toThrow(/1 colours for 3 levels; expected 2/);
    expect(() => renderColorBar({ levels: [0], colors: [] }, box)).toThrow(/at least 2 levels/);
    expect(() => renderColorBar({ levels: [0, 2, 1], colors: ['#000', '#111'] }, box)).toThrow(/level 2 \(1\)/);
  });
});

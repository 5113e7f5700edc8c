import { describe, expect, it } from 'vitest';
import { estimateTextWidth, mathText, plainText } from '../../src/plot/math-text.js';

describe('mathText', () => {
  it('renders a one-character subscript (doc example)', () => {
    expect(mathText('x_1', 12)).toBe('x<tspan dy="3.6" font-size="8.4">1</tspan><tspan dy="-3.6"></tspan>');
  });
  it('renders braced subscripts and keeps following text on the baseline', () => {
    expect(mathText('w_{10} ok', 10)).toBe('w<tspan dy="3" font-size="7">10</tspan><tspan dy="-3"></tspan> ok');
  });
  it('escapes text and keeps Greek letters and literal underscores', () => {
    expect(mathText('ξ <a> & b')).toBe('ξ &lt;a&gt; &amp; b');
    expect(mathText('a\\_b')).toBe('a_b');
    expect(mathText('w(3)')).toBe('w(3)');
  });
  it('keeps a trailing underscore as text', () => {
    expect(mathText('x_')).toBe('x_');
  });
  it('reports an unclosed brace with its index', () => {
    expect(() => mathText('w_{1')).toThrow(/unclosed '\{' at index 2/);
  });
});

describe('plainText and estimateTextWidth', () => {
  it('drops the subscript markup (doc example)', () => {
    expect(plainText('w_{10}')).toBe('w10');
    expect(plainText('x_1')).toBe('x1');
    expect(plainText('a\\_b')).toBe('a_b');
  });
  it('estimates about 0.6 em per character (doc example)', () => {
    expect(estimateTextWidth('abc', 10)).toBeCloseTo(18, 10);
    expect(estimateTextWidth('x_1', 10)).toBeLessThan(estimateTextWidth('x1', 10));
  });
});

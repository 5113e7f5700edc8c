import { describe, expect, it } from 'vitest';
import { escapeXml, formatTick, svgAttrs, svgNumber } from '../../src/plot/svg-format.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`a < b & "c" > 'd'`)).toBe('a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;');
  });
  it('escapes & first, so entities are not double-escaped wrongly', () => {
    expect(escapeXml('&lt;')).toBe('&amp;lt;');
  });
});

describe('svgNumber', () => {
  it('rounds to two decimals and drops trailing zeros', () => {
    expect(svgNumber(12.3456)).toBe('12.35');
    expect(svgNumber(3)).toBe('3');
    expect(svgNumber(0.1 + 0.2)).toBe('0.3');
  });
  it('never writes -0', () => {
    expect(svgNumber(-0.001)).toBe('0');
    expect(svgNumber(-0)).toBe('0');
  });
  it('throws on NaN and infinities, naming the value', () => {
    expect(() => svgNumber(NaN, 'cx')).toThrow(/cx is not a finite number: NaN/);
    expect(() => svgNumber(Infinity)).toThrow(RangeError);
    expect(() => svgNumber(-Infinity)).toThrow(RangeError);
  });
});

describe('svgAttrs', () => {
  it('renders numbers, escapes strings, skips undefined, keeps order', () => {
    expect(svgAttrs({ cx: 1.234, fill: 'red', stroke: undefined })).toBe(' cx="1.23" fill="red"');
    expect(svgAttrs({ title: 'a"b<c' })).toBe(' title="a&quot;b&lt;c"');
  });
  it('names the attribute holding a non-finite number', () => {
    expect(() => svgAttrs({ x: 1, y: NaN })).toThrow(/attribute y is not a finite number/);
  });
});

describe('formatTick', () => {
  it('uses a true minus sign and hides float noise', () => {
    expect(formatTick(-2)).toBe('−2');
    expect(formatTick(0.1 + 0.2)).toBe('0.3');
    expect(formatTick(0)).toBe('0');
    expect(formatTick(2.5)).toBe('2.5');
  });
});

import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { fmtCount, fmtRate, fmtNumber, fmtPercent } = await loadPublic('format.js');

describe('header number formats', () => {
  it('formats known values', () => {
    expect(fmtCount(1234567)).toBe('1,234,567');
    expect(fmtRate(12.345)).toBe('12.3');
    expect(fmtRate(1234.5)).toBe('1,235');
    expect(fmtNumber(0.050000001)).toBe('0.05');
    expect(fmtNumber(-1.23456)).toBe('−1.23');
    expect(fmtPercent(0.9312)).toBe('93.1 %');
  });

  it('shows a dash for unknown values', () => {
    for (const f of [fmtCount, fmtRate, fmtNumber, fmtPercent]) {
      expect(f(null)).toBe('–');
      expect(f(undefined)).toBe('–');
      expect(f(Number.NaN)).toBe('–');
    }
  });
});
